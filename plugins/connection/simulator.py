# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: simulator
short_description: A simulated Windows Server RD license server to rehearse and test against
description:
  - Looks like a Windows host to ansible-core (PowerShell shell, C(.ps1) modules, pipelining) but runs nothing
    remotely. Module runs are answered by a Python model of a Windows Server acting as a Remote Desktop license
    server, which follows Microsoft's documented behaviour of C(Get-WindowsFeature), the C(TermServLicensing)
    service, C(Win32_TSLicenseServer) and C(Win32_TSLicenseKeyPack), including a simulated Microsoft Clearinghouse.
  - It answers the modules of this collection, C(ansible.windows.setup) (fact gathering), C(ansible.windows.win_ping)
    and the commands of C(ansible.windows.win_reboot). Anything else fails with the name of what is not simulated.
  - Each host keeps its state in a JSON file in O(state_dir); remote executions and payload bytes are counted per
    host in a second file, so tests and benchmarks can assert on them.
  - It is not a Windows host, and it does not run the collection's PowerShell. See the collection's
    C(docs/simulator.md) for the model, the profiles, the faults and the simulated Clearinghouse.
author:
  - remotedesktop.licensing contributors (@remotedesktop-licensing)
version_added: 0.1.0
options:
  remote_addr:
    description:
      - Name of the simulated host; names its state files. C(ansible_host) when set, so that a task delegated to
        another simulated host reaches that host.
    type: str
    default: inventory_hostname
    vars:
      - name: inventory_hostname
      - name: ansible_host
  state_dir:
    description:
      - Directory holding the simulated hosts' state files.
      - When not set, C(.rdlicensing-sim) in the folder of the host's inventory (O(inventory_dir)), or in the
        current directory when the inventory is not a file; never under the playbook's folder, which is the
        installed collection (read-only in an execution environment) for a playbook run by its FQCN.
    type: path
    env:
      - name: RDLICENSING_SIM_STATE_DIR
    vars:
      - name: rdlicensing_sim_state_dir
  inventory_dir:
    description:
      - The folder of the inventory source that defined the host, for the default O(state_dir). Set by ansible-core.
    type: path
    vars:
      - name: inventory_dir
  profile:
    description:
      - What the host looks like when its state file is created (it is ignored once the file exists).
      - "Keys: C(os) (V(2025), V(2022) (default), V(2019), V(2016), V(2012R2), V(windows11), V(windows10)),
        C(server_core), C(payload_removed), C(role_installed), C(management_tools), C(activated), C(contact) (a dict
        with the keys of the C(company_information) option of M(remotedesktop.licensing.win_rdlicense_activate)),
        C(key_packs) (a list of dicts with C(product_version), C(cal_type), C(quantity), C(issued), C(type) and
        C(expires)) and C(domain); for an RD Session Host C(session_host), C(licensing_mode), C(license_servers),
        C(grace_period_days), C(group_policy) (C(licensing_mode), C(license_servers)); C(connection_broker) for an RD
        Connection Broker; C(license_server_security_group), C(terminal_server_computers) and
        C(orphaned_endpoint_sids) for a license server; for its directory side C(discovery_scope), C(tsls_group),
        C(published), C(scp_registered), C(domain_controller) and C(directory_rights)."
    type: dict
    default: {}
    vars:
      - name: rdlicensing_sim_profile
  faults:
    description:
      - Faults to inject on every execution while they are set; see C(docs/simulator.md) for each one.
    type: list
    elements: str
    default: []
    choices:
      - not_admin
      - provider_not_ready
      - clearinghouse_unreachable
      - clearinghouse_rejects
      - key_pack_rejected
      - group_policy_override
      - reboot_required
      - activation_status_unknown
      - connection_drop
      - domain_controller_unreachable
      - directory_access_denied
      - report_fetch_fails
      - report_delete_fails
    vars:
      - name: rdlicensing_sim_faults
"""

import importlib
import json
import os
import re

from ansible.errors import AnsibleConnectionFailure
from ansible.module_utils.common.text.converters import to_bytes
from ansible.plugins.connection import ConnectionBase
from ansible.utils.display import Display

display = Display()

_SIMULATOR = 'ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator.'


def _sim(name):
    """A module of the simulated host (hands, model, store, wire), imported when first used.

    ansible-core creates the connection for every task, also for one that runs nothing on the host (debug, set_fact,
    a skipped task), in a new worker process each time; the model is imported only by those that execute something.
    """
    return importlib.import_module(_SIMULATOR + name)


_OUR_MODULE = re.compile(r'^remotedesktop\.licensing\.(win_rdlicense_\w+)$')
_SUCCESS_TOKEN = re.compile(r"'(success-[0-9a-f-]+)'")


class Connection(ConnectionBase):
    """A simulated Windows Server RD license server."""

    transport = 'remotedesktop.licensing.simulator'
    module_implementation_preferences = ('.ps1', '.exe', '')
    allow_executable = False
    has_pipelining = True
    allow_extras = True

    def __init__(self, *args, **kwargs):
        self.always_pipeline_modules = True
        self.has_native_async = False
        self._shell_type = 'powershell'
        super().__init__(*args, **kwargs)

    # -- plumbing ----------------------------------------------------------------------------------------------
    def _connect(self):
        self._connected = True
        return self

    def close(self):
        self._connected = False

    def reset(self):
        self.close()

    def _store(self):
        state_dir = self.get_option('state_dir')
        if not state_dir:
            state_dir = os.path.join(self.get_option('inventory_dir') or os.getcwd(), '.rdlicensing-sim')
        return _sim('store').HostStore(state_dir, self.get_option('remote_addr'))

    def _faults(self):
        return [str(f) for f in self.get_option('faults') or []]

    def put_file(self, in_path, out_path):
        super().put_file(in_path, out_path)
        raise AnsibleConnectionFailure('remotedesktop.licensing.simulator does not simulate file transfers (put_file '
                                       'to %s)' % out_path)

    def fetch_file(self, in_path, out_path):
        super().fetch_file(in_path, out_path)
        raise AnsibleConnectionFailure('remotedesktop.licensing.simulator does not simulate file transfers (fetch_file '
                                       'of %s)' % in_path)

    # -- execution ---------------------------------------------------------------------------------------------
    def exec_command(self, cmd, in_data=None, sudoable=True):
        super().exec_command(cmd, in_data=in_data, sudoable=sudoable)
        store = self._store()
        if in_data:
            try:
                call = _sim('wire').module_call(in_data)
            except _sim('wire').WireError as e:
                return 1, b'', to_bytes('remotedesktop.licensing.simulator: %s' % e)
            label = call['module'] if call['kind'] == 'module' else call['name']
            if call['kind'] == 'module' and call['args'].get('_operation') == 'apply' \
                    and 'connection_drop' in self._faults():
                raise AnsibleConnectionFailure('remotedesktop.licensing.simulator: the connection to %s was lost '
                                               '(simulated fault connection_drop)' % self.get_option('remote_addr'))
            store.count(label or 'unknown', len(in_data))
            if call['kind'] == 'module':
                return self._run_module(store, call['module'], call['args'], call.get('source'))
            return self._run_action(call['name'], call['params'])
        store.count('raw', 0)
        return self._run_raw(store, _sim('wire').decode_command(cmd))

    def _model(self, state, store):
        # GetTStoLSConnectivityStatus of a simulated session host asks the other simulated hosts of the state directory.
        model = _sim('model').LicenseServerModel(state, self._faults(), peers=store.peer)
        model.client_hosts = store.client_host_states  # the session hosts whose clients get CALs (model_issued.py)
        return model

    def _run_module(self, store, module, args, source):
        args = dict(args)
        user_args = {k: v for k, v in args.items() if not k.startswith('_ansible_')}
        display.vvv('SIMULATOR %s _operation=%s' % (module, user_args.get('_operation')),
                    host=self.get_option('remote_addr'))
        framework = None
        with store.transaction(self.get_option('profile')) as state:
            model = self._model(state, store)
            ours = _OUR_MODULE.match(module or '')
            if ours:
                result, framework = _sim('hands').run_module(ours.group(1), args, model, source,
                                                             store.spec_cache)
            elif module in ('ansible.windows.setup', 'ansible.legacy.setup'):
                result = _sim('hands').setup_facts(model, self.get_option('remote_addr'))
            elif module in ('ansible.windows.win_ping', 'ansible.legacy.win_ping'):
                result = {'ping': user_args.get('data', 'pong'), 'changed': False}
            else:
                result = {'failed': True, 'changed': False,
                          'msg': 'remotedesktop.licensing.simulator does not simulate module %s' % module}
        if framework is not None:
            # What Ansible.Basic leaves on the host and returns: its Application event log entries and invocation.
            store.record_framework(framework.module_name, framework.events, result.get('invocation'))
        return (1 if result.get('failed') else 0), to_bytes(json.dumps(result)), b''

    def _run_action(self, name, params):
        if name == 'powershell_mkdtemp.ps1':
            return 0, to_bytes('C:\\Windows\\TEMP\\%s\r\n' % params.get('Name', 'ansible-tmp')), b''
        if name == 'powershell_expand_user.ps1':
            return 0, to_bytes(params.get('Path', '~').replace('~', 'C:\\Users\\Administrator', 1) + '\r\n'), b''
        return 1, b'', to_bytes('remotedesktop.licensing.simulator does not simulate the exec action %s' % name)

    def _run_raw(self, store, script):
        """The PowerShell commands ansible.windows.win_reboot and ansible-core's clean-up send."""
        if 'LastBootUpTime' in script:
            with store.transaction(self.get_option('profile')) as state:
                return 0, to_bytes('%d\r\n' % self._model(state, store).last_boot_filetime()), b''
        if 'shutdown.exe /r' in script:
            with store.transaction(self.get_option('profile')) as state:
                self._model(state, store).reboot()
            return 0, to_bytes(json.dumps({'stdout': '', 'stderr': '', 'rc': 0})), b''
        if 'shutdown.exe /a' in script:
            return 0, b'', b''
        token = _SUCCESS_TOKEN.search(script)
        if token and 'AutoLogonChecked' in script:
            return 0, to_bytes(token.group(1) + '\r\n'), b''
        if script.lstrip().startswith('Remove-Item'):
            return 0, b'', b''
        return 1, b'', to_bytes('remotedesktop.licensing.simulator does not simulate this command: %s'
                                % script.strip().splitlines()[0][:120] if script.strip() else 'an empty command')
