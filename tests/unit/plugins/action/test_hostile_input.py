# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input a hostile (or careless) user gives, through every action plugin: refused before any remote call, with a
readable message that names the option and repeats no value, and nothing changed on the host."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.remotedesktop.licensing.tests.unit.sim_host import FakeHost, run_action

COMPANY = {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso Ltd', 'country_region': 'United Kingdom'}
AGREEMENT = '3141592'


def select(**pack):
    return dict({'program': 'select', 'agreement_number': AGREEMENT, 'product_version': '2022',
                 'cal_type': 'per_user', 'quantity': 5}, **pack)


def retail(code):
    return {'program': 'retail', 'license_code': code}


def same_kind(value):
    """Another value of the same shape: digits for digits, letters for letters."""
    return ''.join('7' if c.isdigit() else 'q' if c.isalpha() else c for c in value)


def host_for(module):
    if module == 'win_rdlicense_role':
        return FakeHost()
    if module == 'win_rdlicense_activate':
        return FakeHost(profile={'activated': True, 'contact': dict(COMPANY)})
    return FakeHost(profile={'activated': True})


PREFIX = {'A': 'win_rdlicense_activate', 'C': 'win_rdlicense_cals', 'I': 'win_rdlicense_info',
          'R': 'win_rdlicense_role'}
REFUSED = [
    # secret options given an empty value (an unset vault variable or AWX survey answer)
    ('A', {'state': 'deactivated', 'method': 'telephone', 'confirmation_code': ''},
     'confirmation_code is empty: give the confirmation code the Clearinghouse operator read out, or leave the option '
     'out instead (for a variable or an AWX survey answer that may be empty: | default(omit, true))'),
    ('A', {'method': 'web', 'license_server_id': ' '},
     'license_server_id is empty: give the license server ID the Clearinghouse gave (35 letters and digits), or leave '
     'the option out instead (for a variable or an AWX survey answer that may be empty: | default(omit, true))'),
    ('C', {'packs': [retail('')]},
     'packs[0]: license_code is empty: give the 25 letters and digits of the pack (an empty value often comes from a '
     'vault variable or an AWX survey answer that is not set)'),
    ('C', {'packs': [select(agreement_number='')]},
     'packs[0]: agreement_number is empty: give the 7 digits of the pack (an empty value often comes from a vault '
     'variable or an AWX survey answer that is not set)'),
    ('C', {'packs': [{'program': 'open_license', 'license_number': '', 'authorization_number': ' ',
                      'product_version': '2022', 'cal_type': 'per_user', 'quantity': 5}]},
     'packs[0]: license_number and authorization_number are empty: give the 8 digits and 15 letters and digits of '
     'the pack (an empty value often comes from a vault variable or an AWX survey answer that is not set)'),
    # one-character secrets: readable messages, no asterisks between the letters
    ('A', {'state': 'deactivated', 'method': 'telephone', 'confirmation_code': 'a'},
     'confirmation_code must be the letters and digits the Clearinghouse gave, at least 4 of them (hyphens or spaces '
     'between the groups are allowed)'),
    ('C', {'packs': [retail('a')]},
     'packs[0]: license_code must be 25 letters and digits (hyphens and lower case are accepted), got 1 character'),
    ('C', {'packs': [select(agreement_number='1')]},
     'packs[0]: agreement_number must be 7 digits (hyphens and lower case are accepted), got 1 character'),
    ('C', {'packs': [select(agreement_number='e')]},
     'packs[0]: agreement_number must be 7 digits (hyphens and lower case are accepted), got 1 character'),
    # look-alikes that upper() turns into ASCII letters: 'ı' -> 'I', 'ſ' -> 'S', 'ß' -> 'SS'
    ('A', {'method': 'web', 'license_server_id': 'ı' * 35},
     "license_server_id must be 35 letters and digits (hyphens or spaces between the groups are allowed), and it "
     "contains 'ı' (U+0131), which is not an ASCII letter or digit"),
    ('A', {'method': 'web', 'license_server_id': 'ß' * 17 + 'A'},
     "license_server_id must be 35 letters and digits (hyphens or spaces between the groups are allowed), and it "
     "contains 'ß' (U+00DF), which is not an ASCII letter or digit"),
    ('A', {'state': 'deactivated', 'method': 'telephone', 'confirmation_code': 'ſ' * 20},
     'confirmation_code must be the letters and digits the Clearinghouse gave, at least 4 of them (hyphens or spaces '
     'between the groups are allowed)'),
    ('C', {'packs': [retail('ı' * 25)]},
     'packs[0]: license_code must be 25 letters and digits (hyphens and lower case are accepted), and it contains a '
     'character that is not an ASCII letter or digit'),
    ('C', {'packs': [retail('ſ' * 25)]},
     'packs[0]: license_code must be 25 letters and digits (hyphens and lower case are accepted), and it contains a '
     'character that is not an ASCII letter or digit'),
    ('C', {'packs': [{'program': 'license_key_pack_id', 'license_key_pack_id': 'ß' * 17 + 'A'}]},
     'packs[0]: license_key_pack_id must be 35 letters and digits (hyphens and lower case are accepted), and it '
     'contains a character that is not an ASCII letter or digit'),
    ('C', {'packs': [select(agreement_number='٣١٤١٥٩٢')]},
     'packs[0]: agreement_number must be 7 digits (hyphens and lower case are accepted), and it contains a character '
     'that is not an ASCII letter or digit'),
    # a boolean is not a number
    ('C', {'packs': [select(quantity=True)]}, 'packs[0].quantity must be a whole number, got a boolean'),
    ('C', {'packs': [select(quantity=5.0)]}, 'packs[0].quantity must be a whole number, got a decimal number'),
    ('C', {'packs': [select(quantity='٥')]},
     'packs[0].quantity must be a whole number, got a string that is not a whole number in ASCII digits'),
    ('I', {'expiring_within_days': False}, 'expiring_within_days must be a whole number, got a boolean'),
    ('C', {'product_version_ids': {'2025': '８'}}, "product_version_ids['2025'] must be a whole number, got '８'"),
    # ...and a number is not a boolean
    ('C', {'adopt': 0}, 'adopt must be true or false, got a whole number'),
    ('A', {'state': 'reactivated', 'reason': 'redeployed', 'force': 1},
     'force must be true or false, got a whole number'),
    # company information: strings, in a dictionary
    ('A', {'company_information': 'Contoso'}, 'company_information must be a dictionary, got a string'),
    ('A', {'company_information': 'first_name=Ada'}, 'company_information must be a dictionary, got a string'),
    ('A', {'company_information': ['Ada']}, 'company_information must be a dictionary, got a list'),
    ('A', {'company_information': dict(COMPANY, first_name=['Ada'])},
     'company_information.first_name must be a string, got a list'),
    ('A', {'company_information': dict(COMPANY, company={'name': 'Contoso'})},
     'company_information.company must be a string, got a dictionary'),
    ('A', {'company_information': dict(COMPANY, city=True)},
     'company_information.city must be a string, got a boolean'),
    ('A', {'company_information': dict(COMPANY, last_name=['Love'], postal_code=['N1'])},
     'company_information.last_name must be a string, got a list; company_information.postal_code must be a string, '
     'got a list'),
    # every other text option
    ('A', {'method': 'web', 'license_server_id': ['X' * 35]}, 'license_server_id must be a string, got a list'),
    ('A', {'state': 'deactivated', 'method': 'telephone', 'confirmation_code': ['ABCDE']},
     'confirmation_code must be a string, got a list'),
    ('C', {'packs': [retail(['A' * 25])]}, 'packs[0].license_code must be a string, got a list'),
    ('C', {'packs': [select(name={'a': 1})]}, 'packs[0].name must be a string, got a dictionary'),
    ('C', {'packs': 'retail'}, 'packs must be a list, got a string'),
    ('C', {'packs': ['retail']}, 'packs[0] must be a dictionary, got a string'),
    ('R', {'source': ['\\\\fileserver\\sxs']}, 'source must be a string, got a list'),
    ('R', {'state': ['present']}, 'state must be a string, got a list'),
    ('R', {'include_management_tools': 'maybe'}, 'include_management_tools must be true or false, got a string that '
                                                 'is not true or false'),
]


@pytest.mark.parametrize('module, args, message', REFUSED, ids=['%s-%d' % (r[0], i) for i, r in enumerate(REFUSED)])
def test_refused_before_any_remote_call_naming_the_option(module, args, message):
    name = PREFIX[module]
    host = host_for(name)
    before = copy.deepcopy(host.state)
    res = run_action(name, args, host)
    assert res['failed'] is True
    assert res['msg'] == '%s: %s' % (name, message)
    assert '*' not in res['msg']
    assert host.calls == []
    assert host.state == before


@pytest.mark.parametrize('value', ['a', 'e', 'n', '1', 'ce', 'ion', 'ac-'])
@pytest.mark.parametrize('module, args', [
    ('win_rdlicense_cals', lambda v: {'packs': [retail(v)]}),
    ('win_rdlicense_cals', lambda v: {'packs': [select(agreement_number=v)]}),
    ('win_rdlicense_activate', lambda v: {'state': 'deactivated', 'method': 'telephone', 'confirmation_code': v}),
])
def test_a_short_secret_is_not_masked_into_the_words_of_the_message(module, args, value):
    """Masking 'a' put asterisks in every word with an a, and so told the value: the message is now the same text
    whatever the value of that length, without asterisks."""
    messages = [run_action(module, args(given), host_for(module))['msg'] for given in (value, same_kind(value))]
    assert messages[0] == messages[1]
    assert '*' not in messages[0]


def test_accepted_conversions_still_work():
    """What YAML, -e key=value and AWX surveys give: digits as numbers or strings, yes/no, a version as a number."""
    host = host_for('win_rdlicense_cals')
    res = run_action('win_rdlicense_cals', {'adopt': 'yes', 'packs': [select(agreement_number=int(AGREEMENT),
                                                                             product_version=2022, quantity='5')]},
                     host)
    assert not res.get('failed'), res
    assert res['packs'][0]['outcome'] == 'installed' and res['packs'][0]['quantity'] == 5
    host = host_for('win_rdlicense_activate')
    res = run_action('win_rdlicense_activate', {'company_information': dict(COMPANY, postal_code=12345)}, host)
    assert not res.get('failed'), res
    assert res['company_information']['postal_code'] == '12345'


@pytest.mark.parametrize('module, args, message', [
    ('A', {'company_information': dict(COMPANY, first_name='Ada\nLovelace')},
     'company_information.first_name must not contain control characters (line breaks, tabs, NUL...): it is stored '
     'on the server and sent to the Clearinghouse'),
    ('A', {'company_information': dict(COMPANY, city='Lon\x00don')},
     'company_information.city must not contain control characters (line breaks, tabs, NUL...): it is stored on the '
     'server and sent to the Clearinghouse'),
    ('C', {'packs': [select(name='hq\n2022')]},
     'packs[0]: name must not contain control characters (line breaks, tabs, NUL...): it is shown in messages and '
     'reports'),
    ('R', {'source': '\\\\fileserver\\sxs\r\n'},
     'source must be a folder path, and it contains a control character (a line break, a tab, NUL...)'),
    ('I', {'expiring_within_days': 10 ** 9}, 'expiring_within_days must be 36500 (100 years) or less, got 1000000000'),
    ('I', {'expiring_within_days': '99999999999'},
     'expiring_within_days must be 36500 (100 years) or less, got 99999999999'),
])
def test_other_holes_of_the_same_kinds(module, args, message):
    """Found while trying the above: control characters in text that is stored or shown, and a number of days that
    crashed the controller's date arithmetic (OverflowError) instead of being refused."""
    name = PREFIX[module]
    host = host_for(name)
    before = copy.deepcopy(host.state)
    res = run_action(name, args, host)
    assert res['failed'] is True
    assert res['msg'] == '%s: %s' % (name, message)
    assert host.calls == [] and host.state == before
