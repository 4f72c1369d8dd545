# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This file holds the documentation only: the logic is the action plugin of the same name (controller) and
# win_rdlicense_role.ps1 (host).

from __future__ import annotations

DOCUMENTATION = r"""
module: win_rdlicense_role
short_description: Install or remove the Remote Desktop Licensing role and manage its service
description:
  - Installs (or removes) the Windows Server role service C(RDS-Licensing), optionally with its management tools
    C(RDS-Licensing-UI) (RD Licensing Manager), and keeps the C(TermServLicensing) service at the wanted start mode
    and state.
  - Reads the host once; when nothing needs to change, that single remote execution is all the task costs. Changes
    are applied in a second and last execution.
  - Checks before changing anything that the host is a Windows Server edition, that the connecting account is a
    local administrator, and that the role's payload is present (or that O(source) is given).
  - A restart needed by the installation is reported in RV(reboot_required), never carried out; use
    M(ansible.windows.win_reboot) or the C(remotedesktop.licensing.license_server) role, which does.
version_added: 0.1.0
author:
  - remotedesktop.licensing contributors (@remotedesktop-licensing)
options:
  state:
    description:
      - V(present) installs the role service; V(absent) removes it (and its management tools when
        O(include_management_tools) is true).
    type: str
    choices: [present, absent]
    default: present
  include_management_tools:
    description:
      - Also install (or, with O(state=absent), remove) C(RDS-Licensing-UI), the RD Licensing Manager console.
      - The feature does not exist on Server Core; there it is skipped with a warning.
    type: bool
    default: true
  source:
    description:
      - Folder holding the Windows side-by-side store (for example C(\\\\fileserver\\share\\sources\\sxs)), for a
        host whose feature payload has been removed (C(InstallState=Removed)).
      - Passed to C(Install-WindowsFeature -Source). Only with O(state=present).
    type: str
  service_start_mode:
    description:
      - Start mode of the C(TermServLicensing) service. Defaults to V(automatic) with O(state=present).
      - Applied as soon as the service is registered; when the installation needs a restart first, it is applied by
        the next run after the restart.
    type: str
    choices: [automatic, manual, disabled]
  service_state:
    description:
      - Whether the C(TermServLicensing) service is running. Defaults to V(started) with O(state=present).
      - V(started) cannot be combined with O(service_start_mode=disabled).
    type: str
    choices: [started, stopped]
  _operation:
    description:
      - Internal use only, set by the action plugin of the same name; not an option of the task.
      - V(probe) reads the state of the host, V(apply) runs the steps of O(_steps) and reads it again.
    type: str
    required: true
    choices:
      - probe
      - apply
  _steps:
    description:
      - Internal use only, set by the action plugin of the same name; not an option of the task.
      - The allow-listed steps of the apply operation, run in order.
    type: list
    elements: dict
    default: []
    suboptions:
      type:
        description:
          - The step type, one of the operation contract of the collection.
        type: str
        required: true
        choices:
          - install_features
          - uninstall_features
          - set_service_startup
          - start_service
          - stop_service
      continue_on_failure:
        description:
          - Go on with the next steps when this one fails.
        type: bool
      names:
        description:
          - Parameter of the steps V(install_features), V(uninstall_features).
        type: list
        elements: str
      source:
        description:
          - Parameter of the step V(install_features).
        type: str
      name:
        description:
          - Parameter of the steps V(set_service_startup), V(start_service), V(stop_service).
        type: str
      startup_type:
        description:
          - Parameter of the step V(set_service_startup).
        type: str
attributes:
  check_mode:
    support: full
    description: Reads the host and reports what would change; changes nothing.
  diff_mode:
    support: full
    description: Shows each feature's install state and the service's start mode and state, before and after.
  platform:
    support: full
    platforms: windows
    description: Windows Server hosts, reached through WinRM or PSRP.
notes:
  - Needs a Windows Server edition and a connection as a member of the local Administrators group.
  - Install-WindowsFeature does not add management tools by itself; this module adds them unless
    O(include_management_tools=false).
seealso:
  - module: remotedesktop.licensing.win_rdlicense_activate
  - module: remotedesktop.licensing.win_rdlicense_info
  - module: ansible.windows.win_reboot
"""

EXAMPLES = r"""
- name: Install the RD Licensing role with RD Licensing Manager
  remotedesktop.licensing.win_rdlicense_role:
  register: rdl_role

- name: Restart when the installation needs it
  ansible.windows.win_reboot:
  when: rdl_role.reboot_required

- name: Install on a server whose payload was removed, from a side-by-side store
  remotedesktop.licensing.win_rdlicense_role:
    source: \\fileserver\share\sources\sxs

- name: Server Core, no console; keep the service running but started by hand
  remotedesktop.licensing.win_rdlicense_role:
    include_management_tools: false
    service_start_mode: manual
    service_state: started

- name: Remove the role and its management tools
  remotedesktop.licensing.win_rdlicense_role:
    state: absent
"""

RETURN = r"""
features:
  description: The RD Licensing features that exist on the host, as read after the task.
  returned: always
  type: list
  elements: dict
  sample:
    - name: RDS-Licensing
      installed: true
      install_state: Installed
    - name: RDS-Licensing-UI
      installed: true
      install_state: Installed
  contains:
    name:
      description: Feature name.
      type: str
      returned: always
    installed:
      description: Whether the feature is installed (false while C(InstallPending)).
      type: bool
      returned: always
    install_state:
      description: C(Get-WindowsFeature) InstallState, such as C(Available), C(Installed), C(InstallPending) or
        C(Removed).
      type: str
      returned: always
reboot_required:
  description: Whether the host must restart to complete a feature installation or removal.
  returned: always
  type: bool
  sample: false
service:
  description: The C(TermServLicensing) service as read after the task.
  returned: always
  type: dict
  sample:
    name: TermServLicensing
    exists: true
    start_mode: automatic
    state: started
  contains:
    name:
      description: Service name.
      type: str
      returned: always
    exists:
      description: Whether the service is registered (it appears with the role, possibly only after a restart).
      type: bool
      returned: always
    start_mode:
      description: V(automatic), V(manual) or V(disabled); null when the service does not exist.
      type: str
      returned: always
    state:
      description: V(started) or V(stopped); null when the service does not exist.
      type: str
      returned: always
"""
