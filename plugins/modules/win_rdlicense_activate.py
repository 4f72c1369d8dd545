# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This file holds the documentation only: the logic is the action plugin of the same name (controller) and
# win_rdlicense_activate.ps1 (host).

from __future__ import annotations

DOCUMENTATION = r"""
module: win_rdlicense_activate
short_description: Activate, deactivate or reactivate a Remote Desktop license server and keep its company information
description:
  - Brings a Remote Desktop license server to the wanted activation state with the Microsoft Clearinghouse, by
    automatic connection, web browser or telephone, and keeps the company information stored on the server
    (C(Win32_TSLicenseServer) contact properties) as declared.
  - Reads the server once; when nothing needs to change, that single remote execution is all the task costs. Changes
    are applied in a second and last execution. Company information is written one property at a time, and only the
    properties that differ.
  - B(Web browser and telephone) need a person to talk to the Clearinghouse, so they take two runs. Phase 1 (no
    O(license_server_id) given and the server not activated) changes nothing and does not fail; it returns
    RV(activation_pending=true), the server's RV(product_id), for the web method the RV(activation_site), and
    RV(instructions) saying what to submit and which option to set; the same text is shown as a warning. Phase 2
    (O(license_server_id) given) writes the company information and activates the server with the ID. A playbook or
    an AWX job template ends the play cleanly after phase 1 with M(ansible.builtin.meta) C(end_host) when
    RV(activation_pending) is true; see the examples and the collection's C(docs/activation.md).
  - Deactivation by telephone works the same way with O(confirmation_code); reactivation by web browser or
    telephone with a new O(license_server_id).
  - B(Reactivation) is not idempotent by nature, since each one makes the Clearinghouse issue a new license server ID. It
    therefore runs only when a condition says so. With O(method=automatic), set O(current_license_server_id) to the
    ID being replaced (the reactivation runs while the server still holds that ID, so a rerun changes nothing) or
    O(force=true) (it runs on every run, so guard the task yourself). With O(method=web) or O(method=telephone) it runs
    while the server's ID differs from the new O(license_server_id).
  - Fails before changing anything when the RD Licensing role is not installed or its WMI provider is not ready,
    when the connecting account is not an administrator (the provider then answers with empty properties; the
    module never activates over empty data), when C(GetActivationStatus) answers 2 (state unknown), and when
    automatic activation lacks the required company information. An activation, deactivation or reactivation
    method that returns without an error but answers C(ActivationStatus) 2 fails the task as a state that is not
    known (not as a rejection by the Clearinghouse), telling to read the state again; the task then reports changed and
    RV(activation_status) what the server answers afterwards. Company information is personal data; it is
    never repeated in warnings or error messages (the diff and the return values show it).
version_added: 0.1.0
author:
  - remotedesktop.licensing contributors (@remotedesktop-licensing)
options:
  state:
    description:
      - V(activated) activates the server when it is not activated; an activated server is left as it is.
      - V(deactivated) deactivates an activated server (O(method=automatic) or O(method=telephone); the
        Clearinghouse does not deactivate through its web site).
      - V(reactivated) reactivates an activated server, which then gets a new license server ID, under the
        conditions described above. The server must be activated.
    type: str
    choices: [activated, deactivated, reactivated]
    default: activated
  method:
    description:
      - How the server talks to the Microsoft Clearinghouse.
      - V(automatic) (the Activate Server Wizard's "Automatic connection"); the license server itself connects to the
        Clearinghouse over HTTPS (outbound TCP 443). Needs O(company_information) (or the four required properties
        already set on the server) to activate.
      - V(web) (Web Browser); a person submits the server's product ID at the Clearinghouse web site from any
        computer with Internet access and receives the license server ID, given in O(license_server_id).
      - V(telephone); a person calls the Clearinghouse, gives the product ID (or, to deactivate, the license server
        ID) and receives the license server ID (or the confirmation code).
    type: str
    choices: [automatic, web, telephone]
    default: automatic
  company_information:
    description:
      - The company information stored on the license server and sent to the Clearinghouse by automatic
        activation; a dict so that the play keyword C(module_defaults) can set it once for a fleet.
      - Properties that differ from the server are written (one per call, as the WMI provider requires) before any
        activation step, and drift is reported and corrected on every run. Optional properties that are not given
        are left as they are; give an empty string to clear one.
      - While a web or telephone activation waits for its phase 2, nothing is written.
      - Personal data; it is shown in the diff and in RV(company_information), never in warnings or errors.
      - A dictionary whose values are strings (a whole number, such as a postal code, is accepted); a string, a list,
        or a list or dictionary as a value, is refused before any remote call, and so is a value with a control
        character (a line break, a tab, NUL).
    type: dict
    suboptions:
      first_name:
        description: First name of the contact person (C(FirstName)).
        type: str
        required: true
      last_name:
        description: Last name of the contact person (C(LastName)).
        type: str
        required: true
      company:
        description: Company name (C(Company)).
        type: str
        required: true
      country_region:
        description:
          - Country or region (C(CountryRegion)), as its display name in the license server's UI language, the
            way RD Licensing Manager lists it, for example C(United States), C(United Kingdom) or C(Germany) on an
            English server.
          - ISO codes such as C(US) or C(DEU) are refused before any remote call; a name the server does not know is
            refused by the server (C(WBEM_E_INVALID_PARAMETER)), with an explanation.
        type: str
        required: true
      email:
        description: E-mail address of the contact person (C(eMail)).
        type: str
      org_unit:
        description: Organizational unit (C(OrgUnit)).
        type: str
      address:
        description: Street address (C(Address)).
        type: str
      city:
        description: City (C(City)).
        type: str
      state:
        description: State or province (C(State)).
        type: str
      postal_code:
        description: Postal code (C(PostalCode)).
        type: str
  license_server_id:
    description:
      - The license server ID the Clearinghouse gives by web browser or telephone (phase 2), with O(method=web) or
        O(method=telephone) and O(state=activated) or O(state=reactivated).
      - 35 letters and digits; the Clearinghouse shows it as 7 groups of 5, and hyphens, spaces and lower case are
        accepted and normalised. A malformed ID fails before any remote call, and so does an empty one (use
        C(default(omit, true)) for a variable that may be empty) and one with a character that is not ASCII (a
        look-alike such as C(ı) or C(ß) is not a letter).
      - An identifier, not a secret; it is returned in RV(license_server_id).
    type: str
  confirmation_code:
    description:
      - The confirmation code the Clearinghouse's telephone operator gives to deactivate the server (phase 2 of
        O(state=deactivated) with O(method=telephone)).
      - ASCII letters and digits, at least 4 of them; hyphens, spaces and lower case are accepted and normalised. An
        empty value is refused (use C(default(omit, true)) for a variable or survey answer that may be empty).
      - A secret (C(no_log)); it never appears in results, diffs, warnings or errors.
    type: str
  reason:
    description:
      - Why the server is reactivated, as sent by C(ReactivateServerAutomatic). Required with O(state=reactivated)
        and O(method=automatic); with O(method=web) or O(method=telephone) it only completes the instructions of
        phase 1.
    type: str
    choices: [redeployed, certificate_corrupt, private_key_compromised, activation_key_expired, server_upgraded]
  current_license_server_id:
    description:
      - With O(state=reactivated) and O(method=automatic), the license server ID being replaced. The reactivation
        runs only while the server holds this ID; afterwards it holds a new one, so running the task again changes
        nothing. Same format as O(license_server_id).
      - Exactly one of O(current_license_server_id) and O(force=true) is required for an automatic reactivation.
    type: str
  force:
    description:
      - With O(state=reactivated) and O(method=automatic), reactivate on every run. Not idempotent; guard the task
        with a condition of your own, or prefer O(current_license_server_id).
    type: bool
    default: false
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
          - set_contact_property
          - activate_automatic
          - activate_with_server_id
          - deactivate_automatic
          - deactivate_with_code
          - reactivate_automatic
          - reactivate_with_server_id
      continue_on_failure:
        description:
          - Go on with the next steps when this one fails.
        type: bool
      name:
        description:
          - Parameter of the step V(set_contact_property).
        type: str
      value:
        description:
          - Parameter of the step V(set_contact_property).
        type: str
      license_server_id:
        description:
          - Parameter of the steps V(activate_with_server_id), V(reactivate_with_server_id).
        type: str
      confirmation_code:
        description:
          - Parameter of the step V(deactivate_with_code); a secret, never logged.
        type: str
      reason:
        description:
          - Parameter of the step V(reactivate_automatic).
        type: int
attributes:
  check_mode:
    support: full
    description:
      - Reads the server and reports what would change; changes nothing. The license server ID that an automatic
        activation or reactivation would receive cannot be known in advance and is reported as null.
  diff_mode:
    support: full
    description: Shows the activation status, the license server ID and the company information, before and after.
  platform:
    support: full
    platforms: windows
    description: Windows Server hosts with the RD Licensing role, reached through WinRM or PSRP.
notes:
  - Needs the RD Licensing role (M(remotedesktop.licensing.win_rdlicense_role)) and a connection as a member of the
    local Administrators group with an elevated token.
  - Automatic activation needs outbound HTTPS (TCP 443) from the license server to the Microsoft Clearinghouse.
  - The Clearinghouse web site is U(https://activate.microsoft.com).
  - See the collection's C(docs/activation.md) for the three methods step by step, as playbooks and as AWX workflows.
seealso:
  - module: remotedesktop.licensing.win_rdlicense_role
  - module: remotedesktop.licensing.win_rdlicense_cals
  - module: remotedesktop.licensing.win_rdlicense_info
  - module: ansible.builtin.meta
"""

EXAMPLES = r"""
- name: Activate by automatic connection with the company information
  remotedesktop.licensing.win_rdlicense_activate:
    company_information:
      first_name: Ada
      last_name: Lovelace
      company: Contoso Ltd
      country_region: United Kingdom
      email: licensing@contoso.example
      city: London

- name: Set the company information once for every license server of the play
  module_defaults:
    remotedesktop.licensing.win_rdlicense_activate:
      company_information: "{{ rdlicensing_company_information }}"
  block:
    - name: Activate (and correct company information drift)
      remotedesktop.licensing.win_rdlicense_activate:

# Web browser, two phases. license_server_id comes from an extra variable or an AWX survey question; while it is
# empty the task returns activation_pending with instructions, and the play ends cleanly for this host.
- name: Activate by web browser
  remotedesktop.licensing.win_rdlicense_activate:
    method: web
    license_server_id: "{{ rdlicensing_license_server_id | default(omit, true) }}"
    company_information: "{{ rdlicensing_company_information }}"
  register: rdl_activation

- name: Stop here until the license server ID is known
  when: rdl_activation.activation_pending
  block:
    - name: Show what to do
      ansible.builtin.debug:
        msg: "{{ rdl_activation.instructions }}"

    - name: End the play for this host
      ansible.builtin.meta: end_host

- name: Activate by telephone with the license server ID the operator read out
  remotedesktop.licensing.win_rdlicense_activate:
    method: telephone
    license_server_id: 7KQ2M-9XH4T-JD3WC-P8RVN-6BYQF-2MZKG-H4TXW

- name: Deactivate by automatic connection
  remotedesktop.licensing.win_rdlicense_activate:
    state: deactivated

- name: Deactivate by telephone with the operator's confirmation code (phase 1 without it returns instructions)
  remotedesktop.licensing.win_rdlicense_activate:
    state: deactivated
    method: telephone
    confirmation_code: "{{ rdlicensing_confirmation_code | default(omit, true) }}"

- name: Reactivate once because the private key was compromised (a rerun changes nothing)
  remotedesktop.licensing.win_rdlicense_activate:
    state: reactivated
    reason: private_key_compromised
    current_license_server_id: "{{ compromised_license_server_id }}"

- name: Reactivate by telephone with the new license server ID
  remotedesktop.licensing.win_rdlicense_activate:
    state: reactivated
    method: telephone
    reason: server_upgraded
    license_server_id: "{{ rdlicensing_new_license_server_id | default(omit, true) }}"
"""

RETURN = r"""
activation_status:
  description:
    - The server's activation status as read after the task (predicted in check mode); V(activated),
      V(not_activated), or V(unknown) when C(GetActivationStatus) answers 2 (the task then fails).
    - Null when it could not be read (role not installed, provider not ready, not an administrator).
  returned: always
  type: str
  sample: activated
license_server_id:
  description:
    - The license server ID (35 characters), once the server is activated; null otherwise, and in check mode when
      the Clearinghouse would issue a new one. An identifier, not a secret.
  returned: always
  type: str
  sample: 3F9A1C07B2E4D8A6F0C3B5E7D9A2C4E6F8A
product_id:
  description: The server's product ID (C(ProductId)), which the web and telephone methods ask for.
  returned: always
  type: str
  sample: 12345-67890-13579-AT024
company_information:
  description: The company information stored on the server, as read after the task (predicted in check mode).
  returned: always
  type: dict
  sample:
    first_name: Ada
    last_name: Lovelace
    company: Contoso Ltd
    country_region: United Kingdom
    email: licensing@contoso.example
    org_unit: ""
    address: ""
    city: London
    state: ""
    postal_code: ""
activation_pending:
  description:
    - True when the wanted state needs an answer from the Clearinghouse that the task does not have yet (phase 1 of
      the web or telephone method); nothing was changed, and RV(instructions) say what to do.
  returned: always
  type: bool
  sample: false
instructions:
  description: What to do next when RV(activation_pending) is true; null otherwise.
  returned: always
  type: str
  sample: >-
    LIC01 is not activated. To activate it by web browser: on any computer with Internet access open
    https://activate.microsoft.com, choose to activate a license server and submit the product ID
    12345-67890-13579-AT024 together with the company information. The site answers with a license server ID of
    35 characters (7 groups of 5). Then run this task again with license_server_id set to that ID (for example from
    an AWX survey variable); hyphens and lower case are accepted. Nothing was changed on LIC01.
activation_site:
  description: The Clearinghouse web site, with O(method=web); null otherwise.
  returned: always
  type: str
  sample: https://activate.microsoft.com
"""
