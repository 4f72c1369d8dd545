# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulated hands of win_rdlicense_server: the probe of win_rdlicense_info and the handlers of the three modules
(the same functions), one apply mixing their steps, and the provider after install_features."""

from __future__ import annotations

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _catalogue as cat
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils import _contract as contract
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import hands as sim_hands
from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import model as sim_model

SERVER = 'win_rdlicense_server'
COMPANY = {'FirstName': 'Ada', 'LastName': 'Lovelace', 'Company': 'Contoso', 'CountryRegion': 'United Kingdom'}


def _apply(model, steps):
    return sim_hands.run_collection_module(SERVER, {'_operation': 'apply', '_steps': steps}, model, False)


def test_the_server_reuses_the_probe_and_handlers_of_the_other_modules():
    modules = sim_hands.load_all()
    assert modules[SERVER].probe is modules['win_rdlicense_info'].probe
    for part in contract.COMPOSED[SERVER]:
        for step, handler in modules[part].steps.items():
            assert modules[SERVER].steps[step] is handler, step
    assert list(modules[SERVER].steps) == list(contract.step_types(SERVER))


def test_one_apply_installs_the_role_activates_and_installs_a_pack():
    """The provider answers as soon as install_features returns without a restart: later steps of the same apply, and
    the state read back after them, see it (as the role module's read-back sees the service)."""
    model = sim_model.LicenseServerModel(sim_model.new_state('lic01'))
    steps = [{'type': 'install_features', 'names': [cat.ROLE_FEATURE, cat.TOOLS_FEATURE]}]
    steps += [{'type': 'set_contact_property', 'name': k, 'value': v} for k, v in COMPANY.items()]
    steps += [{'type': 'activate_automatic'}, {'type': 'init_records', 'salt': 'c2FsdA=='},
              {'type': 'install_agreement_pack', 'agreement_type': cat.AGREEMENT_TYPES['select'],
               'agreement_number': '4815162', 'product_version': cat.PRODUCT_VERSIONS['2022']['install'],
               'product_type': cat.CAL_TYPES['per_user'], 'license_count': 25,
               'record': {'name': 'h1', 'program': 'select', 'product_version': '2022', 'cal_type': 'per_user',
                          'quantity': 25}}]
    res = _apply(model, steps)
    assert not res.get('failed'), res
    assert [o['status'] for o in res['steps']] == ['changed'] * len(steps), res['steps']
    contract.check_apply_result(SERVER, {'steps': res['steps'], 'state': res['state']})
    state = res['state']
    assert state['provider']['available'] and state['key_pack_provider']['available']
    assert state['activation']['status'] == cat.ACTIVATION_STATUS_CODES['activated']
    assert [p['TotalLicenses'] for p in state['key_packs'] if p['ProductType'] != cat.PRODUCT_TYPE_BUILT_IN] == [25]


def test_after_a_restart_is_needed_the_provider_is_not_there_and_the_apply_stops():
    model = sim_model.LicenseServerModel(sim_model.new_state('lic01'), ['reboot_required'])
    res = _apply(model, [{'type': 'install_features', 'names': [cat.ROLE_FEATURE]},
                         {'type': 'set_contact_property', 'name': 'FirstName', 'value': 'Ada'},
                         {'type': 'activate_automatic'}])
    assert [o['status'] for o in res['steps']] == ['changed', 'failed']
    assert res['steps'][0]['detail']['restart_needed'] == 'Yes'
    assert res['steps'][1]['error']['code'] == cat.WBEM_CODES['WBEM_E_INVALID_CLASS']
    assert res['steps'][1]['error']['operation'] == 'Set-CimInstance'
    assert not res['state']['provider']['available'] and res['state']['reboot_pending']
