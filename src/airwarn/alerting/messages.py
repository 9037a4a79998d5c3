"""What alerts say: headlines and instructions by threat kind, in English and Ukrainian."""

from __future__ import annotations

from typing import Final

HEADLINES_EN: Final = {
    "glide_bomb": "Glide bomb: take shelter now",
    "ballistic_missile": "Ballistic missile: take shelter now",
    "cruise_missile": "Cruise missile approaching: take shelter",
    "drone": "Attack drone approaching: take shelter",
}
HEADLINES_UK: Final = {
    "glide_bomb": "Керована авіабомба: негайно в укриття",
    "ballistic_missile": "Балістична ракета: негайно в укриття",
    "cruise_missile": "Наближається крилата ракета: прямуйте в укриття",
    "drone": "Наближається ударний дрон: прямуйте в укриття",
}
EVENTS_EN: Final = {
    "glide_bomb": "Glide bomb attack",
    "ballistic_missile": "Ballistic missile attack",
    "cruise_missile": "Cruise missile attack",
    "drone": "Drone attack",
}
EVENTS_UK: Final = {
    "glide_bomb": "Атака керованих авіабомб",
    "ballistic_missile": "Балістична загроза",
    "cruise_missile": "Ракетна небезпека",
    "drone": "Атака ударних дронів",
}
DEFAULT_HEADLINE_EN: Final = "Air threat: take shelter"
DEFAULT_HEADLINE_UK: Final = "Повітряна загроза: прямуйте в укриття"
DEFAULT_EVENT_EN: Final = "Air threat"
DEFAULT_EVENT_UK: Final = "Повітряна тривога"
INSTRUCTION_EN: Final = (
    "Go to the nearest shelter or an inner room away from windows now. Stay there until the all clear."
)
INSTRUCTION_UK: Final = (
    "Негайно прямуйте до найближчого укриття або у внутрішнє приміщення без вікон. Залишайтеся там до відбою."
)
ALL_CLEAR_EN: Final = "All clear: the threat to this area has passed."
ALL_CLEAR_UK: Final = "Відбій: загроза для цієї території минула."


def headline(kind: str, lang: str = "en") -> str:
    """The headline for a threat kind ("en" or "uk")."""
    if lang == "uk":
        return HEADLINES_UK.get(kind, DEFAULT_HEADLINE_UK)
    return HEADLINES_EN.get(kind, DEFAULT_HEADLINE_EN)


def event(kind: str, lang: str = "en") -> str:
    """The CAP event name for a threat kind ("en" or "uk")."""
    if lang == "uk":
        return EVENTS_UK.get(kind, DEFAULT_EVENT_UK)
    return EVENTS_EN.get(kind, DEFAULT_EVENT_EN)
