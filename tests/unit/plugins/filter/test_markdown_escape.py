# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filter markdown_escape: a value in a table cell, a heading or a list item renders as itself, on one line."""

from __future__ import annotations

import html
import re

import pytest

from ansible_collections.remotedesktop.licensing.plugins.filter.markdown_escape import FilterModule

escape = FilterModule().filters()['markdown_escape']

HOSTILE = [
    'lic01', 'lic_01_x', 'lic-01', '-', '*lic*', '**lic**', '`lic`', '[lic](https://evil.example)',
    '![x](https://evil.example/x.png)', '<img src=x onerror=alert(1)>', '<b>lic</b>', 'a|b', 'a\\|b', '~~lic~~',
    '&copy; &#65;', '# lic', 'lic #', '> lic', '- lic', '+ lic', '1. lic', '2) lic', 'lic\nnext | cell', 'lic\r\n# h',
    '\\', 'lic\\', 'back\\`tick`', '_lic_', 'lic*', '[ ] task', '<https://evil.example>',
]


@pytest.mark.parametrize('value, escaped', [
    ('lic01', 'lic01'),
    ('lic-01.example.com', 'lic-01.example.com'),
    ('-', '\\-'),
    ('-x', '-x'),
    ('lic_01 *new*', 'lic\\_01 \\*new\\*'),
    ('[x](http://e)', '\\[x\\](http://e)'),
    ('<img src=x>', '\\<img src=x\\>'),
    ('a|b', 'a\\|b'),
    ('- item', '\\- item'),
    ('12. item', '12\\. item'),
    ('a\nb\r\nc', 'a b c'),
    (None, ''),
    (3, '3'),
])
def test_escapes(value, escaped):
    assert escape(value) == escaped


def _render(markdown):
    markdown_it = pytest.importorskip('markdown_it')
    return markdown_it.MarkdownIt('commonmark').enable(['table', 'strikethrough']).render(markdown)


def _text(rendered, tag):
    """The text of the first element ``tag`` of the rendered HTML, which must hold no other element."""
    inner = re.search(r'<%s>(.*?)</%s>' % (tag, tag), rendered, re.S).group(1)
    assert '<' not in inner, rendered
    return html.unescape(inner)


@pytest.mark.parametrize('value', HOSTILE)
def test_renders_as_itself_in_a_cell_a_heading_and_a_list_item(value):
    shown = ' '.join(value.replace('\r', ' ').split()) if '\n' in value or '\r' in value else value
    cell = _render('| Host | Other |\n| --- | --- |\n| %s | x |\n' % escape(value))
    assert _text(cell, 'td') == shown.strip()
    assert cell.count('<td>') == 2
    assert _text(_render('### %s\n' % escape(value)), 'h3') == shown.strip()
    item = _render('- %s\n' % escape(value))
    assert item.count('<li>') == 1
    assert _text(item, 'li') == shown.strip()
