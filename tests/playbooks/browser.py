# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Open a report page in headless Chromium (a screenshot and the DOM it built), and read that DOM; shared by the
tests of the HTML reports (cal_report.html, licensing_health.html).

Chromium is Debian's package `chromium`; `make reports` installs it when it is missing and it can (root, apt-get).
Without it, the browser tests are skipped, and say why.
"""

from __future__ import annotations

import html.parser
import os
import re
import shutil
import struct
import subprocess
import tempfile

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WINDOW = (1280, 1800)
CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                  '--disable-background-networking', '--disable-component-update', '--disable-sync',
                  '--hide-scrollbars', '--window-size=%d,%d' % WINDOW]
VOID = {'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr'}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self):
        return ''.join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag=None, cls=None, **attrs):
        return [n for n in self.iter() if (tag is None or n.tag == tag)
                and (cls is None or cls in n.attrs.get('class', '').split())
                and all(n.attrs.get(k.replace('_', '-')) == v for k, v in attrs.items())]

    def find(self, tag=None, cls=None, **attrs):
        found = self.find_all(tag, cls, **attrs)
        assert found, 'no <%s class=%r %r> in the page' % (tag, cls, attrs)
        return found[0]


class DomBuilder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node('#document', {}, None)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(markup):
    builder = DomBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root


def squash(text):
    return ' '.join(text.split())


def chromium():
    for name in ('chromium', 'chromium-browser', 'google-chrome'):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip('headless browser test skipped: no chromium on PATH (Debian: apt-get install chromium, which '
                '`make reports` does when run as root); the HTML report was NOT checked in a browser')
    return None


def png_size(path):
    with open(path, 'rb') as f:
        head = f.read(24)
    assert head[:8] == b'\x89PNG\r\n\x1a\n', '%s is not a PNG' % path
    return struct.unpack('>II', head[16:24])


def render(page, shot, keep_as=None):
    """Open the page in headless Chromium: write its screenshot to shot and return the root of the DOM it built.
    The screenshot must be a PNG of the window's size with a rendered page in it (a blank page compresses to a few
    KB). With keep_as, the screenshot and the page are kept as .build/reports/<keep_as>.png and .html."""
    browser = chromium()
    url = 'file://' + page
    with tempfile.TemporaryDirectory() as profile:
        flags = CHROMIUM_FLAGS + ['--user-data-dir=' + profile]
        proc = subprocess.run([browser] + flags + ['--screenshot=' + shot, url], stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=180, check=False)
        assert proc.returncode == 0 and os.path.isfile(shot), proc.stdout[-3000:]
    with tempfile.TemporaryDirectory() as profile:
        flags = CHROMIUM_FLAGS + ['--user-data-dir=' + profile]
        dom = subprocess.run([browser] + flags + ['--dump-dom', url], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, timeout=180, check=False)
        assert dom.returncode == 0, dom.stderr[-3000:]
    assert png_size(shot) == WINDOW
    assert os.path.getsize(shot) > 40000, 'the screenshot is nearly empty (%d bytes)' % os.path.getsize(shot)
    keep = os.path.join(REPO, '.build', 'reports')
    if keep_as and os.path.isdir(os.path.dirname(keep)):
        os.makedirs(keep, exist_ok=True)
        shutil.copy(shot, os.path.join(keep, keep_as + '.png'))
        shutil.copy(page, os.path.join(keep, keep_as + '.html'))
    root = parse(dom.stdout)
    assert not root.find_all('script'), 'a <script> element made it into the page'
    return root


def unescaped_expressions(template):
    """The expressions of a report template that neither end with `| e` nor call one of its macros (which escape
    theirs): ansible-core turns Jinja's autoescape off, so the template escapes each value itself."""
    with open(template, encoding='utf-8') as f:
        source = f.read()
    macros = set(re.findall(r'\{%-?\s*macro\s+(\w+)', source))
    expressions = [e.strip('- \n') for e in re.findall(r'\{\{(.*?)\}\}', source, re.S)]
    assert expressions, 'no expression in ' + template
    return macros, expressions, [e for e in expressions if not re.search(r'\|\s*e$', e)
                                 and not re.match(r'^(%s)\(' % '|'.join(sorted(macros)), e)]


def assert_self_contained(page_text):
    """No script, style sheet, image, frame or address from the network in the page."""
    assert page_text.startswith('<!DOCTYPE html>')
    for forbidden in ('<script', '<link', '<img', '<iframe', '@import', 'url(', 'src=', 'http://', 'https://'):
        assert forbidden not in page_text, forbidden + ' in the page'
