# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rollout (playbooks/license_server.yml, role license_server) refuses inputs of the wrong type at its start.

ansible-core's role argument validation converts a list given for a text input into its Python text and takes true
for the number 1, and passes; the role's module task refuses such values by name while it builds its options from
them (the lookup role_inputs), before any server is contacted (a simulated server is contacted when its state file
appears), so the RD Licensing role is not installed first.
"""

from __future__ import annotations

import json
import os
import re

import pytest

from playbook_runner import REPO

ROLLOUT = os.path.join(REPO, 'playbooks', 'license_server.yml')
SECRET = 'ABCDE-12345-FGHIJ'
COMPANY = {'first_name': 'Ada', 'last_name': 'Lovelace', 'company': 'Contoso Ltd', 'country_region': 'United Kingdom'}


@pytest.fixture()
def lab(new_lab):
    lab = new_lab('role-inputs')
    lab.write_inventory({'lic01': {'rdlicensing_sim_profile': {'os': '2022'}}})
    return lab


@pytest.mark.parametrize('extra, message', [
    ({'license_server_activation_state': 'deactivated', 'license_server_activation_method': 'telephone',
      'license_server_confirmation_code': [SECRET]},
     'license_server: license_server_confirmation_code must be a string, got a list'),
    ({'license_server_company_information': dict(COMPANY, first_name=[SECRET]),
      'license_server_cal_packs': [{'program': 'select', 'agreement_number': '3141592', 'product_version': '2022',
                                    'cal_type': 'per_user', 'quantity': True}]},
     'license_server: license_server_company_information.first_name must be a string, got a list; '
     'license_server_cal_packs[0].quantity must be a whole number, got a boolean'),
    ({'license_server_company_information': 'first_name=%s last_name=L company=C country_region=Germany' % SECRET},
     'license_server: license_server_company_information must be a dictionary, got a string'),
    ({'license_server_allow_reboot': 1, 'license_server_reboot_timeout': False},
     'license_server: license_server_allow_reboot must be true or false, got a whole number; '
     'license_server_reboot_timeout must be a whole number, got a boolean'),
], ids=['list-for-secret', 'list-in-dict-and-bool-for-int', 'string-for-dict', 'number-for-bool'])
def test_a_wrong_type_fails_at_the_start_before_any_remote_call(lab, tail, extra, message):
    proc = lab.run(ROLLOUT, '-e', json.dumps(extra))
    assert proc.returncode != 0, tail(proc)
    text = ' '.join(proc.stdout.split())
    assert message in text, tail(proc)
    # the module task fails while its options are built from the inputs, before its action runs
    assert 'TASK [remotedesktop.licensing.license_server : Converge the license server' in text
    assert 'Record what the rollout did' not in text
    assert lab.state_files() == [], 'a server was contacted'
    assert SECRET not in proc.stdout


def test_text_that_is_no_dictionary_is_refused_naming_the_input(lab, tail):
    """ansible-core's own validation refuses it first, and names it."""
    proc = lab.run(ROLLOUT, '-e', json.dumps({'license_server_company_information': 'Contoso'}))
    assert proc.returncode != 0, tail(proc)
    # ansible-core words the type as str from 2.19 on, as <class 'str'> before
    assert re.search(r"argument 'license_server_company_information' is of type (str|<class 'str'>) and we were "
                     r"unable to convert to dict", proc.stdout), tail(proc)
    assert lab.state_files() == [], 'a server was contacted'


def test_the_check_lets_good_inputs_through(lab, tail):
    """Whole numbers for text, digit strings for numbers, yes/no for booleans: what YAML, -e and surveys give."""
    extra = {'license_server_company_information': dict(COMPANY, postal_code=12345),
             'license_server_reboot_timeout': '900', 'license_server_allow_reboot': 'yes',
             'license_server_cal_packs': [{'program': 'select', 'agreement_number': 3141592, 'product_version': 2022,
                                           'cal_type': 'per_user', 'quantity': '25'}]}
    proc = lab.run(ROLLOUT, '-e', json.dumps(extra))
    assert proc.returncode == 0, tail(proc)
    assert 'installed 1 CAL pack' in proc.stdout, tail(proc)
