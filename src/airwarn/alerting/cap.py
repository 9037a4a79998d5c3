"""CAP 1.2 (OASIS Common Alerting Protocol) XML for alert messages, rendered as plain text.

One CAP message per AlertMessage: identifier `<sender>:<alert_id>:<sequence>`, the scenario's
start_time plus t_s as `sent`, info blocks in Ukrainian and English, and the area's polygons
as "lat,lon" pairs (closed rings; CAP has no holes, so holes are left out, which only ever
widens the area). Update and Cancel name the messages they replace in `references`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final
from xml.sax.saxutils import escape

from airwarn.alerting.messages import (
    ALL_CLEAR_EN,
    ALL_CLEAR_UK,
    INSTRUCTION_EN,
    INSTRUCTION_UK,
    event,
    headline,
)
from airwarn.scenario.model import AlertMessage
from airwarn.threat.kinds import IMPACT_KINDS

CAP_NAMESPACE: Final = "urn:oasis:names:tc:emergency:cap:1.2"
LANGUAGES: Final = ("uk-UA", "en-US")


@dataclass(frozen=True)
class CapReference:
    """An earlier CAP message, as `references` names it: sender, identifier, sent."""

    sender: str
    identifier: str
    sent: str

    def __str__(self) -> str:
        return f"{self.sender},{self.identifier},{self.sent}"


def cap_time(start_time: str, t_s: float) -> str:
    """Scenario time as CAP wants it: ISO 8601 to the second with a numeric UTC offset."""
    start = datetime.fromisoformat(start_time.replace("Z", "+00:00"))
    if start.tzinfo is None:
        start = start.replace(tzinfo=UTC)
    moment = (start + timedelta(seconds=round(float(t_s)))).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def cap_identifier(sender: str, alert_id: str, sequence: int) -> str:
    """The identifier of the sequence-th CAP message (0 for the Alert) of an alert_id."""
    return f"{sender}:{alert_id}:{sequence}"


def cap_polygons(area: dict[str, Any]) -> list[str]:
    """The outer rings of a GeoJSON Polygon/MultiPolygon as CAP polygons ("lat,lon lat,lon ...")."""
    if area.get("type") == "Polygon":
        polygons = [area["coordinates"]]
    elif area.get("type") == "MultiPolygon":
        polygons = list(area["coordinates"])
    else:
        return []
    out = []
    for rings in polygons:
        ring = [(float(p[1]), float(p[0])) for p in rings[0]]
        if ring and ring[0] != ring[-1]:
            ring.append(ring[0])
        out.append(" ".join(f"{lat:.6f},{lon:.6f}" for lat, lon in ring))
    return out


def render_cap(
    message: AlertMessage,
    *,
    sender: str,
    start_time: str,
    sequence: int = 0,
    references: Sequence[CapReference] = (),
) -> str:
    """The message as a CAP 1.2 XML document (UTF-8 text); sequence numbers the alert_id's
    messages (see cap_identifier) and references lists the earlier ones (Update, Cancel)."""
    sent = cap_time(start_time, message.t_s)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<alert xmlns="{CAP_NAMESPACE}">',
        _el("identifier", cap_identifier(sender, message.alert_id, sequence)),
        _el("sender", sender),
        _el("sent", sent),
        _el("status", "Actual"),
        _el("msgType", message.msg_type),
        _el("scope", "Public"),
    ]
    if references and message.msg_type != "Alert":
        parts.append(_el("references", " ".join(str(r) for r in references)))
    parts.append(_el("incidents", message.alert_id))
    for language in LANGUAGES:
        parts.extend(_info(message, language, start_time))
    parts.append("</alert>")
    return "\n".join(parts) + "\n"


def _info(message: AlertMessage, language: str, start_time: str) -> list[str]:
    """One info block in the given language."""
    lang = "uk" if language.startswith("uk") else "en"
    cancel = message.msg_type == "Cancel"
    kind = message.object_kind
    onset = message.eta_t_s if message.eta_t_s is not None else message.t_s
    lines = [
        "  <info>",
        _el("language", language, 4),
        _el("category", "Safety", 4),
        _el("event", event(kind, lang), 4),
    ]
    if cancel:
        lines.append(_el("responseType", "AllClear", 4))
    lines += [
        _el("urgency", "Past" if cancel else "Immediate", 4),
        _el("severity", "Minor" if cancel else "Extreme", 4),
        _el("certainty", "Observed" if cancel or kind in IMPACT_KINDS else "Likely", 4),
        _el("onset", cap_time(start_time, message.t_s if cancel else onset), 4),
        _el("expires", cap_time(start_time, max(message.expires_t_s, message.t_s)), 4),
        _el("senderName", "airwarn", 4),
        _el("headline", _headline(message, lang), 4),
        _el(
            "instruction",
            (ALL_CLEAR_UK if lang == "uk" else ALL_CLEAR_EN) if cancel else _instruction(lang),
            4,
        ),
        "    <area>",
        _el("areaDesc", _area_desc(message, lang), 6),
    ]
    lines += [_el("polygon", p, 6) for p in cap_polygons(message.area)]
    lines += ["    </area>", "  </info>"]
    return lines


def _headline(message: AlertMessage, lang: str) -> str:
    """The message's own headline in English, else the kind's."""
    if lang == "en" and message.headline:
        return message.headline
    return headline(message.object_kind, lang)


def _instruction(lang: str) -> str:
    """What to do, in the language."""
    return INSTRUCTION_UK if lang == "uk" else INSTRUCTION_EN


def _area_desc(message: AlertMessage, lang: str) -> str:
    """A short description of the alert area."""
    tracks = ", ".join(message.threat_track_ids) or "-"
    if lang == "uk":
        return f"Зона небезпеки ({message.alert_id}; ціль {tracks})"
    return f"Danger area ({message.alert_id}; track {tracks})"


def _el(tag: str, text: str, indent: int = 2) -> str:
    """One element with escaped text."""
    return f"{' ' * indent}<{tag}>{escape(str(text))}</{tag}>"


class CapSequence:
    """Renders an engine's messages in issue order, numbering each alert_id's messages and
    filling `references` of Updates and Cancels with the messages they follow."""

    def __init__(self, *, sender: str, start_time: str) -> None:
        self.sender = sender
        self.start_time = start_time
        self._history: dict[str, list[CapReference]] = {}

    def render(self, message: AlertMessage) -> str:
        """The CAP document for the next message."""
        history = self._history.setdefault(message.alert_id, [])
        xml = render_cap(
            message,
            sender=self.sender,
            start_time=self.start_time,
            sequence=len(history),
            references=tuple(history),
        )
        ident = cap_identifier(self.sender, message.alert_id, len(history))
        history.append(CapReference(self.sender, ident, cap_time(self.start_time, message.t_s)))
        if message.msg_type == "Cancel":
            del self._history[message.alert_id]
        return xml
