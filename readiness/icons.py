"""The report's status marks as inline SVG: the seed's ✅ ⚠️ ❌ drawn, not typed.

Emoji need an emoji font, which servers, CI runners and many PDF printers lack: there they
print as empty boxes. These icons are shapes, so they look the same on a projector, in a PDF
and offline; each sits beside its word (Meets, Partial…), which screen readers read instead.
"""

from __future__ import annotations

_SHAPES = {
    # a green disc with a tick
    "meets": '<circle cx="8" cy="8" r="8" fill="#2e7d32"/>'
    '<path d="M4.5 8.3l2.3 2.3 4.7-4.9" fill="none" stroke="#fff" stroke-width="1.8" '
    'stroke-linecap="round" stroke-linejoin="round"/>',
    # an orange triangle with an exclamation mark
    "short": '<path d="M8 1L15.5 14.5H0.5z" fill="#ef6c00" stroke="#ef6c00" stroke-linejoin="round"/>'
    '<rect x="7.1" y="5.2" width="1.8" height="5" rx="0.9" fill="#fff"/>'
    '<circle cx="8" cy="12.2" r="1" fill="#fff"/>',
    # a red disc with a cross
    "absent": '<circle cx="8" cy="8" r="8" fill="#c62828"/>'
    '<path d="M5.3 5.3l5.4 5.4M10.7 5.3l-5.4 5.4" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/>',
    # a grey disc with a question mark
    "unknown": '<circle cx="8" cy="8" r="8" fill="#757575"/>'
    '<path d="M5.9 6.1a2.1 2.1 0 1 1 3.2 1.8c-.7.4-1.1.8-1.1 1.6v.4" fill="none" stroke="#fff" '
    'stroke-width="1.6" stroke-linecap="round"/><circle cx="8" cy="12" r="1" fill="#fff"/>',
    # a grey disc with a dash
    "not_applicable": '<circle cx="8" cy="8" r="8" fill="#9e9e9e"/>'
    '<path d="M4.8 8h6.4" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/>',
}
ICON_NAMES = tuple(_SHAPES)


def icon(name: str) -> str:
    """One mark as inline SVG, one line high, hidden from screen readers (its word follows it)."""
    return (
        f'<svg class="rd-icon rd-icon-{name}" viewBox="0 0 16 16" width="1em" height="1em" '
        f'aria-hidden="true" focusable="false">{_SHAPES[name]}</svg>'
    )
