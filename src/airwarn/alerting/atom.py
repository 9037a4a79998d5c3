"""An Atom (RFC 4287) feed of the alerts in force, rendered as plain text XML.

Each entry is one alert's latest message: its headline, the threat kind, arrival time, expiry,
and a link to that message's CAP document, as CAP feeds conventionally carry them.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from airwarn.alerting.cap import cap_identifier, cap_time
from airwarn.scenario.model import AlertMessage

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
CAP_MEDIA_TYPE = "application/cap+xml"


def current_alerts(messages: Sequence[AlertMessage], t_s: float) -> list[tuple[AlertMessage, int]]:
    """The latest message (with its sequence number) of each alert in force at t_s, in first-issue
    order: issued at or before t_s, not cancelled, not expired."""
    latest: dict[str, tuple[AlertMessage, int]] = {}
    for m in sorted((m for m in messages if m.t_s <= t_s), key=lambda m: m.t_s):
        seq = latest[m.alert_id][1] + 1 if m.alert_id in latest else 0
        latest[m.alert_id] = (m, seq)
    return [(m, s) for m, s in latest.values() if m.msg_type != "Cancel" and m.expires_t_s > t_s]


def render_atom(
    messages: Sequence[AlertMessage],
    t_s: float,
    *,
    sender: str,
    start_time: str,
    feed_url: str,
    cap_url: str,
    title: str = "airwarn: air threat alerts",
) -> str:
    """The feed of alerts in force at t_s; cap_url is a format string with {identifier}."""
    updated = cap_time(start_time, t_s)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<feed xmlns="{ATOM_NAMESPACE}">',
        f"  <id>{escape(feed_url)}</id>",
        f"  <title>{escape(title)}</title>",
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(sender)}</name></author>",
        f'  <link rel="self" href={quoteattr(feed_url)}/>',
    ]
    for m, seq in current_alerts(messages, t_s):
        parts.extend(_entry(m, seq, sender, start_time, cap_url))
    parts.append("</feed>")
    return "\n".join(parts) + "\n"


def _entry(m: AlertMessage, sequence: int, sender: str, start_time: str, cap_url: str) -> list[str]:
    """One feed entry for an alert's latest message."""
    identifier = cap_identifier(sender, m.alert_id, sequence)
    href = cap_url.format(identifier=identifier)
    eta = f"; expected {cap_time(start_time, m.eta_t_s)}" if m.eta_t_s is not None else ""
    summary = f"{m.object_kind or 'air threat'}{eta}; expires {cap_time(start_time, m.expires_t_s)}"
    return [
        "  <entry>",
        f"    <id>urn:airwarn:{escape(identifier)}</id>",
        f"    <title>{escape(m.headline or m.alert_id)}</title>",
        f"    <updated>{cap_time(start_time, m.t_s)}</updated>",
        f"    <summary>{escape(summary)}</summary>",
        f'    <link rel="alternate" type={quoteattr(CAP_MEDIA_TYPE)} href={quoteattr(href)}/>',
        "  </entry>",
    ]
