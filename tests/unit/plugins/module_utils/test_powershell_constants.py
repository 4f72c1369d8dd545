# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One source per PowerShell constant: the ``$rdl...`` constants of _RDLicensing.psm1 are the catalogue's values.

_RDLicensing.psm1 is read with tree-sitter, as the simulator reads a module's argument spec (psspec): every top-level
``$rdl... = <literal>`` is evaluated as data and compared with its counterpart in plugins/plugin_utils/_catalogue.py.
The module utils and modules use these constants and never a copy of them (checked below as well).
"""

from __future__ import annotations

import os
import re

import pytest

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import psspec

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
SHARED = os.path.join(COLLECTION_ROOT, 'plugins', 'module_utils', '_RDLicensing.psm1')

# Each constant of _RDLicensing.psm1 and the catalogue's value it must equal.
COUNTERPARTS = {
    'rdlFeatureNames': [cat.ROLE_FEATURE, cat.TOOLS_FEATURE],
    'rdlServiceName': cat.SERVICE_NAME,
    'rdlServerClass': cat.LICENSE_SERVER_CLASS,
    'rdlKeyPackClass': cat.KEY_PACK_CLASS,
    'rdlContactProperties': list(cat.CONTACT_PROPERTIES.values()),
    'rdlRecordsKey': cat.RECORDS_REGISTRY_KEY,
    'rdlRecordsSaltValue': cat.RECORDS_SALT_VALUE,
    'rdlStatusActivated': cat.ACTIVATION_STATUS_CODES['activated'],
    'rdlStatusNotActivated': cat.ACTIVATION_STATUS_CODES['not_activated'],
    'rdlStatusUnknown': cat.ACTIVATION_STATUS_CODES['unknown'],
    'rdlWbemFailed': cat.WBEM_CODES['WBEM_E_FAILED'],
    'rdlWbemNotFound': cat.WBEM_CODES['WBEM_E_NOT_FOUND'],
    'rdlWbemInvalidParameter': cat.WBEM_CODES['WBEM_E_INVALID_PARAMETER'],
    'rdlWbemAlreadyExists': cat.WBEM_CODES['WBEM_E_ALREADY_EXISTS'],
    'rdlSessionHostFeature': cat.SESSION_HOST_FEATURE,
    'rdlTsNamespace': cat.TS_NAMESPACE,
    'rdlTsSettingClass': cat.TS_SETTING_CLASS,
    'rdlTsSettingQuery': 'SELECT * FROM %s' % cat.TS_SETTING_CLASS,
    'rdlDeploymentLicensingClass': cat.DEPLOYMENT_LICENSING_CLASS,
    'rdlPolicyKey': cat.POLICY_REGISTRY_KEY,
    'rdlPolicyLicensingModeValue': cat.POLICY_LICENSING_MODE_VALUE,
    'rdlPolicyLicenseServersValue': cat.POLICY_LICENSE_SERVERS_VALUE,
    'rdlIssuedLicenseClass': cat.ISSUED_LICENSE_CLASS,
    'rdlEndpointServersSid': cat.ENDPOINT_SERVERS_SID,
    'rdlReportClass': cat.REPORT_CLASS,
    'rdlReportNoMoreData': cat.REPORT_NO_MORE_DATA,
    'rdlReportPageSize': cat.REPORT_PAGE_SIZE,
    'rdlReportMaxPages': cat.REPORT_MAX_PAGES,
}


def _read(path):
    with open(path, 'rb') as f:
        return f.read()


def _value(reader, node):
    """A literal, or a literal cast to a number type ([Int64]2147749889)."""
    inner = node
    while inner.type != 'cast_expression' and len([c for c in inner.children if c.is_named]) == 1 \
            and inner.type not in ('string_literal', 'array_expression', 'hash_literal_expression'):
        inner = next(c for c in inner.children if c.is_named)
    if inner.type == 'cast_expression':
        node = inner
        named = [c for c in node.children if c.is_named]
        assert reader.text(named[0]).lower() in ('[int64]', '[uint32]', '[int]'), reader.text(node)
        return _value(reader, named[-1])
    return reader.value(node)


def constants(source: bytes) -> dict[str, object]:
    """name -> value of every top-level $rdl... assignment of a PowerShell script, read with tree-sitter."""
    tree = psspec._parser().parse(source)
    assert not tree.root_node.has_error
    reader = psspec._Reader(source)
    found = {}
    statements = next(c for c in tree.root_node.children if c.type == 'statement_list')
    for statement in statements.children:
        assignment = psspec._innermost(statement)
        if assignment.type != 'assignment_expression':
            continue
        name = reader.text(assignment.children[0]).strip()
        if name.startswith('$rdl'):
            assert name[1:] not in found, '%s is assigned twice' % name
            found[name[1:]] = _value(reader, assignment.children[-1])
    return found


def test_every_powershell_constant_is_the_catalogue_value():
    found = constants(_read(SHARED))
    assert sorted(found) == sorted(COUNTERPARTS), 'a $rdl constant without a counterpart in the catalogue, or gone'
    for name, expected in COUNTERPARTS.items():
        assert found[name] == expected, name


@pytest.mark.parametrize('old, new, name', [
    ("$rdlServiceName = 'TermServLicensing'", "$rdlServiceName = 'TermServLicensin'", 'rdlServiceName'),
    ('$rdlWbemNotFound = [Int64]2147749890', '$rdlWbemNotFound = [Int64]2147749891', 'rdlWbemNotFound'),
    ("'eMail', 'OrgUnit'", "'Email', 'OrgUnit'", 'rdlContactProperties'),
    ("$rdlRecordsSaltValue = 'Salt'", "$rdlRecordsSaltValue = 'salt'", 'rdlRecordsSaltValue'),
])
def test_a_constant_changed_on_one_side_is_caught(old, new, name):
    source = _read(SHARED).decode('utf-8')
    assert source.count(old) == 1, old
    found = constants(source.replace(old, new).encode('utf-8'))
    assert found[name] != COUNTERPARTS[name]
    with pytest.raises(AssertionError, match=name):
        for key, expected in COUNTERPARTS.items():
            assert found[key] == expected, key


def test_every_constant_is_exported_for_the_other_module_utils():
    source = _read(SHARED).decode('utf-8')
    exported = re.search(r'Variable = @\((.*?)\)', source, re.S).group(1)
    assert sorted(re.findall(r"'(\w+)'", exported)) == sorted(COUNTERPARTS)


def test_no_module_or_module_util_keeps_a_copy_of_a_constant():
    """The values of the constants appear, as literals, in _RDLicensing.psm1 only."""
    paths = [os.path.join(COLLECTION_ROOT, 'plugins', 'modules', n) for n in os.listdir(
        os.path.join(COLLECTION_ROOT, 'plugins', 'modules')) if n.endswith('.ps1')]
    paths += [os.path.join(COLLECTION_ROOT, 'plugins', 'module_utils', n) for n in os.listdir(
        os.path.join(COLLECTION_ROOT, 'plugins', 'module_utils')) if n.endswith('.psm1') and n != '_RDLicensing.psm1']
    names = (cat.SERVICE_NAME, cat.LICENSE_SERVER_CLASS, cat.KEY_PACK_CLASS, cat.RECORDS_REGISTRY_KEY,
             cat.RECORDS_SALT_VALUE)
    literals = ["'%s'" % v for v in names]
    literals += ['0x%08X' % code for code in cat.WBEM_ERRORS] + ['%d' % code for code in cat.WBEM_ERRORS]
    for path in paths:
        text = _read(path).decode('utf-8')
        # the argument specs hold no constant; the comments may name them
        code = '\n'.join(line for line in text.split('\n') if not line.lstrip().startswith('#'))
        for literal in literals:
            assert literal.lower() not in code.lower(), '%s: %s (use the $rdl constant of _RDLicensing.psm1)' % (
                os.path.basename(path), literal)
