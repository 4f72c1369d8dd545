# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""playbooks/drift.yml writes drift_report.md with every value escaped: a host name (from a dynamic inventory, say)
full of Markdown and HTML renders as itself, and adds no emphasis, link, image, HTML element, table cell or line."""

from __future__ import annotations

import html
import os
import re

import pytest

COMPANY = {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso Ltd', 'country_region': 'United Kingdom'}
# No ':' (host:port) nor '[' (a range) in an inventory host name: tests/unit/plugins/filter has links too.
DRIFTING = 'lic_1*x*<img src=x onerror=alert(1)>|y'
BROKEN = '- lic_2 **<b>bold</b>** `x` ~~y~~ &amp;'
HOSTS = {
    DRIFTING: {'rdlicensing_sim_profile': {'os': '2022'}},
    BROKEN: {'rdlicensing_sim_profile': {'os': '2022'}, 'rdlicensing_sim_faults': ['not_admin']},
}


@pytest.fixture(scope='module')
def report(new_lab, tail):
    lab = new_lab('drift-markdown')
    lab.write_inventory(HOSTS, {'license_server_company_information': COMPANY, 'license_server_allow_reboot': True})
    proc = lab.run('drift.yml', '-e', 'drift_report_dir=' + lab.report_dir, '--check', '-e', 'drift_fail_on_error=false')
    assert proc.returncode == 0, tail(proc)
    with open(os.path.join(lab.report_dir, 'drift_report.md'), encoding='utf-8') as f:
        return f.read()


def render(markdown):
    markdown_it = pytest.importorskip('markdown_it')
    return markdown_it.MarkdownIt('commonmark').enable(['table', 'strikethrough']).render(markdown)


def test_the_table_has_one_row_of_six_cells_per_server_and_no_markup(report):
    rendered = render(report)
    rows = re.findall(r'<tr>\s*(<td>.*?)</tr>', rendered, re.S)
    assert len(rows) == 2, rendered
    cells = [[html.unescape(c) for c in re.findall(r'<td>(.*?)</td>', row, re.S)] for row in rows]
    assert [len(row) for row in cells] == [6, 6]
    assert sorted(row[0] for row in cells) == sorted([DRIFTING, BROKEN])
    for row in rows:
        assert '<' not in re.sub(r'</?td>|</?tr>', '', row), row  # no element in a cell: <img>, <a>, <em>, <code>...


def test_the_headings_and_list_items_show_the_host_names_as_they_are(report):
    rendered = render(report)
    headings = [html.unescape(h) for h in re.findall(r'<h3>(.*?)</h3>', rendered)]
    assert headings == [DRIFTING]
    items = [html.unescape(re.sub(r'</?strong>', '', i)) for i in re.findall(r'<li>(.*?)</li>', rendered, re.S)]
    assert any(item.startswith(DRIFTING + ' (check mode, nothing was changed): would ') for item in items), items
    assert any(item.startswith(BROKEN + ' (error): ') for item in items), items
    assert '<ul>\n<li>\n<ul>' not in rendered  # a host name starting with '- ' makes no nested list
    assert rendered.rstrip().endswith('<p>To correct the drift, run <code>playbooks/deployment.yml</code> (or '
                                      '<code>playbooks/license_server.yml</code> for the license servers only) with the '
                                      'same inventory.</p>'), 'the last list item runs on into the last line'
