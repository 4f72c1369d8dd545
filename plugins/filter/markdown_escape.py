# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter remotedesktop.licensing.markdown_escape; documentation in markdown_escape.yml."""

from __future__ import annotations

import re

# Inline syntax of CommonMark and GitHub Flavored Markdown: emphasis, code, links and images, raw HTML, entity
# references, strikethrough, table cells; '#' for the closing sequence of a heading. CommonMark lets a backslash
# escape any ASCII punctuation character.
_INLINE = re.compile(r'([\\`*_\[\]<>|~&#])')
# What starts a list item at the beginning of a line (-, + or 1. or 1) and a space or nothing); a heading (#) or a
# quote (>) are escaped as inline syntax.
_BLOCK_START = re.compile(r'^(\s*)(?:([-+])|(\d+)([.)]))(?=\s|$)')
_LINE_BREAKS = re.compile(r'[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+')


def markdown_escape(value) -> str:
    """``value`` as text that Markdown renders as itself, on one line: for a table cell, a heading or a list item."""
    text = _LINE_BREAKS.sub(' ', '' if value is None else str(value))
    text = _INLINE.sub(r'\\\1', text)
    return _BLOCK_START.sub(_escape_block_start, text, count=1)


def _escape_block_start(match: re.Match) -> str:
    space, marker, number, delimiter = match.groups()
    return space + ('\\' + marker if marker else number + '\\' + delimiter)


class FilterModule:

    def filters(self):
        return {'markdown_escape': markdown_escape}
