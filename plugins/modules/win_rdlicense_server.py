# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This file holds the documentation only: the logic is the action plugin of the same name (controller), which composes
# the planners of win_rdlicense_role, win_rdlicense_activate and win_rdlicense_cals, and win_rdlicense_server.ps1
# (host). The sub-options of role, activation and cals are those of the three modules (a unit test compares them).

from __future__ import annotations

DOCUMENTATION = r"""
module: win_rdlicense_server
short_description: Declare a whole Remote Desktop license server - role, activation and CAL packs - in one task
description:
  - Converges an RD license server to its declaration in one task - the RD Licensing role and its service, the company
    information and the activation with the Microsoft Clearinghouse, and the CAL packs - with the options of
    M(remotedesktop.licensing.win_rdlicense_role), M(remotedesktop.licensing.win_rdlicense_activate) and
    M(remotedesktop.licensing.win_rdlicense_cals) grouped under O(role), O(activation) and O(cals), and the server's
    registration in Active Directory with those of M(remotedesktop.licensing.win_rdlicense_configuration) under
    O(configuration).
  - Reads the host once, with what M(remotedesktop.licensing.win_rdlicense_info) reads, plans the three parts in order
    and applies the plan in one more remote execution. When nothing needs to change, the single read is all the task
    costs.
  - When the role is installed by this task and the licensing WMI provider only answers afterwards, the activation
    and the CAL packs are planned from the state read back after the installation and applied in one further
    execution; a fresh server is rolled out in at most three remote executions.
  - When the installation needs a restart, the task stops before the activation and says so in RV(reboot_required)
    and RV(stopped); restart the host and run the task again, or set O(reboot=true) and the task restarts it (with
    the action of M(ansible.windows.win_reboot)) and converges it again itself. The role
    C(remotedesktop.licensing.license_server) sets O(reboot) from its C(license_server_allow_reboot).
  - When the activation waits for the Clearinghouse (phase 1 of the web and telephone methods), the task stops before
    the CAL packs, with the instructions in C(instructions) of RV(activation); run it again with the answer.
  - In check mode, what the server cannot tell yet (the activation before the role is installed, the CAL packs before
    the server is activated) is predicted in Python from the declaration, in one remote execution; each part says
    whether it was predicted.
version_added: 0.2.0
author:
  - remotedesktop.licensing contributors (@remotedesktop-licensing)
options:
  role:
    description:
      - The RD Licensing role service C(RDS-Licensing), its management tools and the C(TermServLicensing)
        service, as M(remotedesktop.licensing.win_rdlicense_role) with O(remotedesktop.licensing.win_rdlicense_role#module:state=present)
        manages them (the role is never removed by this module).
    type: dict
    default: {}
    suboptions:
      include_management_tools:
        description:
          - Also install C(RDS-Licensing-UI), the RD Licensing Manager console.
          - The feature does not exist on Server Core; there it is skipped with a warning.
        type: bool
        default: true
      source:
        description:
          - Folder holding the Windows side-by-side store (for example C(\\\\fileserver\\share\\sources\\sxs)), for a
            host whose feature payload has been removed (C(InstallState=Removed)).
          - Passed to C(Install-WindowsFeature -Source).
        type: str
      service_start_mode:
        description:
          - Start mode of the C(TermServLicensing) service. Defaults to V(automatic).
          - Applied as soon as the service is registered; when the installation needs a restart first, it is applied by
            the next run after the restart.
        type: str
        choices: [automatic, manual, disabled]
      service_state:
        description:
          - Whether the C(TermServLicensing) service is running. Defaults to V(started).
          - V(started) cannot be combined with O(role.service_start_mode=disabled).
        type: str
        choices: [started, stopped]
  activation:
    description:
      - The company information and the activation with the Microsoft Clearinghouse, with the options of
        M(remotedesktop.licensing.win_rdlicense_activate), covering every method, both phases of the web and telephone
        methods, deactivation and reactivation.
      - Planned once the RD Licensing WMI provider answers, in the same run when the role is already installed, else
        after the installation by the same task (one more apply), or after the restart it needs.
    type: dict
    default: {}
    suboptions:
      state:
        description:
          - V(activated) activates the server when it is not activated; an activated server is left as it is.
          - V(deactivated) deactivates an activated server (O(activation.method=automatic) or O(activation.method=telephone); the
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
            Clearinghouse over HTTPS (outbound TCP 443). Needs O(activation.company_information) (or the four required properties
            already set on the server) to activate.
          - V(web) (Web Browser); a person submits the server's product ID at the Clearinghouse web site from any
            computer with Internet access and receives the license server ID, given in O(activation.license_server_id).
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
          - Personal data; it is shown in the diff and in C(company_information) of RV(activation), never in warnings or errors.
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
          - The license server ID the Clearinghouse gives by web browser or telephone (phase 2), with O(activation.method=web) or
            O(activation.method=telephone) and O(activation.state=activated) or O(activation.state=reactivated).
          - 35 letters and digits; the Clearinghouse shows it as 7 groups of 5, and hyphens, spaces and lower case are
            accepted and normalised. A malformed ID fails before any remote call, and so does an empty one (use
            C(default(omit, true)) for a variable that may be empty) and one with a character that is not ASCII (a
            look-alike such as C(ı) or C(ß) is not a letter).
          - An identifier, not a secret; it is returned in C(license_server_id) of RV(activation).
        type: str
      confirmation_code:
        description:
          - The confirmation code the Clearinghouse's telephone operator gives to deactivate the server (phase 2 of
            O(activation.state=deactivated) with O(activation.method=telephone)).
          - ASCII letters and digits, at least 4 of them; hyphens, spaces and lower case are accepted and normalised. An
            empty value is refused (use C(default(omit, true)) for a variable or survey answer that may be empty).
          - A secret (C(no_log)); it never appears in results, diffs, warnings or errors.
        type: str
      reason:
        description:
          - Why the server is reactivated, as sent by C(ReactivateServerAutomatic). Required with O(activation.state=reactivated)
            and O(activation.method=automatic); with O(activation.method=web) or O(activation.method=telephone) it only completes the instructions of
            phase 1.
        type: str
        choices: [redeployed, certificate_corrupt, private_key_compromised, activation_key_expired, server_upgraded]
      current_license_server_id:
        description:
          - With O(activation.state=reactivated) and O(activation.method=automatic), the license server ID being replaced. The reactivation
            runs only while the server holds this ID; afterwards it holds a new one, so running the task again changes
            nothing. Same format as O(activation.license_server_id).
          - Exactly one of O(activation.current_license_server_id) and O(activation.force=true) is required for an automatic reactivation.
        type: str
      force:
        description:
          - With O(activation.state=reactivated) and O(activation.method=automatic), reactivate on every run. Not idempotent; guard the task
            with a condition of your own, or prefer O(activation.current_license_server_id).
        type: bool
        default: false
  cals:
    description:
      - The CAL packs, with the options of M(remotedesktop.licensing.win_rdlicense_cals); each pack is installed exactly
        once.
      - Planned on the activated server, or on the server as the activation in the same task would leave it. With
        O(activation.state=deactivated), O(cals.packs) must be empty.
    type: dict
    default: {}
    suboptions:
      packs:
        description:
          - The CAL packs to install (or remove). Each entry is one purchase.
          - An entry is identified by its program, its identifiers and, for the programs whose install method takes
            them (Open License and the agreements), its product version, CAL type and quantity. Changing one of those
            declares another pack; the pack installed for the old declaration stays (remove it with O(cals.packs[].state=absent)
            on the old declaration).
        type: list
        elements: dict
        default: []
        suboptions:
          name:
            description:
              - A label for the pack, used in results and messages (for example C(hq-2022-user)). Never a secret.
              - Control characters (line breaks, tabs) are refused.
            type: str
          program:
            description:
              - The license program the pack was bought under.
              - V(retail) (Retail purchase, C(InstallRetailPurchaseLicenseKeyPack)) needs O(cals.packs[].license_code).
              - V(open_license) (Open License, C(InstallOpenLicenseKeyPack)) needs O(cals.packs[].license_number),
                O(cals.packs[].authorization_number), O(cals.packs[].product_version), O(cals.packs[].cal_type) and
                O(cals.packs[].quantity).
              - V(select), V(enterprise_agreement), V(campus), V(school), V(spla) (Service Provider License Agreement) and
                V(other_agreement) (Open Value, Multi-Year Open, Open Subscription and other agreements;
                C(InstallAgreementLicenseKeyPack)) need O(cals.packs[].agreement_number), O(cals.packs[].product_version),
                O(cals.packs[].cal_type) and O(cals.packs[].quantity).
              - V(license_key_pack_id) (a license key pack ID the Clearinghouse issued by web or telephone for this
                license server, C(InstallLicenseKeyPack); the offline path) needs O(cals.packs[].license_key_pack_id).
            type: str
            required: true
            choices: [retail, open_license, select, enterprise_agreement, campus, school, spla, other_agreement,
                      license_key_pack_id]
          state:
            description:
              - V(present) installs the pack unless it is installed (recorded, or adopted).
              - V(absent) removes the pack (C(UninstallLicenseKeyPackWithId)) when it can be identified, that is when
                its record exists. A pack without a record is left alone, with a warning when installed packs look like
                it.
            type: str
            choices: [present, absent]
            default: present
          product_version:
            description:
              - The Windows Server version of the CALs. Required by V(open_license) and the agreement programs.
              - Optional for V(retail) and V(license_key_pack_id), whose code carries it; give it (with
                O(cals.packs[].cal_type) and O(cals.packs[].quantity)) to let a pack installed by hand be adopted, and to have the
                version checked against the license server before anything is sent.
              - A license server holds CALs of its own Windows Server version and older.
              - V(2022) uses ProductVersion number 7 and V(2025) number 8, assumptions (Microsoft's pages of the install
                methods document the numbers up to 6, Windows Server 2019); a warning says so whenever such a pack is
                installed, and O(cals.product_version_ids) overrides them.
            type: str
            choices: ["2008", "2008R2", "2012", "2016", "2019", "2022", "2025"]
          cal_type:
            description:
              - V(per_user) or V(per_device). Required by V(open_license) and the agreement programs; optional otherwise
                (see O(cals.packs[].product_version)).
            type: str
            choices: [per_user, per_device]
          quantity:
            description:
              - Number of CALs in the pack, 1 to 9999. Required by V(open_license) and the agreement programs; optional
                otherwise (see O(cals.packs[].product_version)).
            type: int
          license_code:
            description:
              - Retail license code, 25 letters and digits. Hyphens and lower case are accepted (C(ABCDE-12345-...)).
              - A secret, never logged nor returned.
            type: str
          license_number:
            description:
              - Open License number, 8 digits (hyphens are accepted). A secret.
            type: str
          authorization_number:
            description:
              - Open License authorization number, 15 letters and digits (hyphens and lower case are accepted). A secret.
            type: str
          agreement_number:
            description:
              - Agreement or enrollment number, 7 digits (hyphens are accepted). For V(other_agreement), the agreement
                number from the program information. A secret.
            type: str
          license_key_pack_id:
            description:
              - License key pack ID, 35 letters and digits (hyphens and lower case are accepted), issued by the
                Clearinghouse for this license server's ID. A secret.
            type: str
      adopt:
        description:
          - Whether a declared pack without a record is adopted when an unclaimed installed pack matches it (same
            product version, CAL type, quantity, and a key pack type the program produces).
          - Set to V(false) to always install such a pack; then a pack installed by hand before is installed a second
            time.
        type: bool
        default: true
      report_undeclared:
        description:
          - Report the installed packs (built-in and temporary packs aside) that no entry of O(cals.packs) declares, in
            C(undeclared) of RV(cals) and as a warning. They are never removed.
          - Use it on the task that declares all the packs of a server.
        type: bool
        default: false
      include_builtin_and_temporary:
        description:
          - Also list the built-in pack (C(ProductType) 3) and temporary packs (C(KeyPackType) 4) in C(key_packs) of RV(cals).
            They never count in C(totals) of RV(cals) and are never adopted or removed.
        type: bool
        default: false
      product_version_ids:
        description:
          - Overrides the number Windows uses for a product version, both as the C(ProductVersion) argument of the install
            methods and as the C(ProductVersionID) property of installed packs, keyed by version name.
          - Meant for Windows Server 2022 and 2025, whose numbers Microsoft does not document (this module assumes 7 and
            8, and warns when it installs such a pack unless the number is given here); see the examples. Versions 2008
            and 2008 R2 share install number 2 by default.
        type: dict
  configuration:
    description:
      - The license server in Active Directory and its RDS Endpoint Servers, with the options of
        M(remotedesktop.licensing.win_rdlicense_configuration); an option left out is left alone, and O(configuration)
        left out (or empty) changes nothing of it.
      - Applied in the same apply as the activation and the CAL packs, after them; when the role is installed by this
        task it waits, as the activation does, for the state read back after the installation.
      - The AD changes need a member of C(Domain Admins) (O(configuration.ad_group_member), O(configuration.discovery_scope=domain))
        or C(Enterprise Admins) (O(configuration.published), O(configuration.discovery_scope=forest)) reaching the domain
        controller from the server - C(become) with C(become_method=runas), CredSSP or Kerberos delegation; see the
        collection's C(docs/domain.md).
    type: dict
    default: {}
    suboptions:
      discovery_scope:
        description: As O(remotedesktop.licensing.win_rdlicense_configuration#module:discovery_scope).
        type: str
        choices: [workgroup, domain, forest]
      ad_group_member:
        description: As O(remotedesktop.licensing.win_rdlicense_configuration#module:ad_group_member) - the server in the
          AD group C(Terminal Server License Servers), which per-user CAL tracking needs.
        type: bool
      published:
        description: As O(remotedesktop.licensing.win_rdlicense_configuration#module:published).
        type: bool
      scp_registered:
        description: As O(remotedesktop.licensing.win_rdlicense_configuration#module:scp_registered).
        type: bool
      endpoint_servers:
        description: As O(remotedesktop.licensing.win_rdlicense_configuration#module:endpoint_servers) - added to the
          group unless O(configuration.endpoint_servers_purge=true).
        type: list
        elements: str
      endpoint_servers_purge:
        description: As O(remotedesktop.licensing.win_rdlicense_configuration#module:endpoint_servers_purge).
        type: bool
        default: false
  expiring_within_days:
    description:
      - C(expiring) of RV(info) lists the packs of C(key_packs) of RV(info) whose expiration date is at most this many days after the
        controller's current time, packs that have expired included.
      - V(0) lists the expired packs only; at most V(36500) (100 years).
    type: int
    default: 90
  reboot:
    description:
      - What to do when the installation of the RD Licensing role needs a restart before the server can be activated.
      - V(false) stops the task there (RV(stopped) is V(reboot_required)); restart the server and run the task again.
      - V(true) restarts the server with the action of M(ansible.windows.win_reboot), then converges it again in the
        same task (RV(rebooted)); the remote executions after the restart are those of a second run.
      - Check mode restarts nothing; RV(reboot_required) says that a restart would be needed.
    type: bool
    default: false
  reboot_timeout:
    description:
      - With O(reboot=true), the seconds to wait for the server to shut down and to come back (the C(reboot_timeout)
        of M(ansible.windows.win_reboot)).
    type: int
    default: 600
  role_inputs:
    description:
      - The inputs of the role C(remotedesktop.licensing.license_server), input name to value, as the lookup
        P(remotedesktop.licensing.role_inputs#lookup) returns them; the module then takes O(role), O(activation),
        O(cals), O(reboot) and O(reboot_timeout) from them and words its summary for the role
        (O(summary_wording=role)). This is how the role calls the module, in one option and without Jinja.
      - Every input is checked strictly against the role's argument spec first; a wrong type fails the task before
        anything is sent, naming the input (never its value).
      - Empty inputs are left out, so the module's defaults apply; C(license_server_id) is taken only for an
        activation and C(license_server_confirmation_code) only for a deactivation, and the declared CAL packs only
        for an activation.
      - Mutually exclusive with O(role), O(activation), O(cals), O(reboot), O(reboot_timeout) and O(summary_wording).
    type: dict
  summary_wording:
    description:
      - Whose names the lines of C(message) in RV(summary) use when they say what to give or set next - this module's
        options (V(module), for example C(activation.license_server_id), C(reboot)) or the inputs of the role
        C(remotedesktop.licensing.license_server) (V(role), for example C(license_server_id),
        C(license_server_allow_reboot)); O(role_inputs) sets V(role).
    type: str
    choices: [module, role]
    default: module
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
        - set_contact_property
        - activate_automatic
        - activate_with_server_id
        - deactivate_automatic
        - deactivate_with_code
        - reactivate_automatic
        - reactivate_with_server_id
        - init_records
        - install_agreement_pack
        - install_retail_pack
        - install_open_pack
        - install_key_pack_id
        - adopt_pack
        - remove_pack
        - add_to_tsls_group
        - remove_from_tsls_group
        - publish
        - unpublish
        - register_scp
        - unregister_scp
        - set_discovery_scope
        - add_endpoint_servers
        - remove_endpoint_servers
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
        - Parameter of the steps V(set_service_startup), V(start_service), V(stop_service), V(set_contact_property).
        type: str
      startup_type:
        description:
        - Parameter of the step V(set_service_startup).
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
      salt:
        description:
        - Parameter of the step V(init_records).
        type: str
      agreement_type:
        description:
        - Parameter of the step V(install_agreement_pack).
        type: int
      product_version:
        description:
        - Parameter of the steps V(install_agreement_pack), V(install_open_pack).
        type: int
      product_type:
        description:
        - Parameter of the steps V(install_agreement_pack), V(install_open_pack).
        type: int
      license_count:
        description:
        - Parameter of the steps V(install_agreement_pack), V(install_open_pack).
        type: int
      agreement_number:
        description:
        - Parameter of the step V(install_agreement_pack); a secret, never logged.
        type: str
      license_code:
        description:
        - Parameter of the step V(install_retail_pack); a secret, never logged.
        type: str
      license_number:
        description:
        - Parameter of the step V(install_open_pack); a secret, never logged.
        type: str
      authorization_number:
        description:
        - Parameter of the step V(install_open_pack); a secret, never logged.
        type: str
      license_key_pack_id:
        description:
        - Parameter of the step V(install_key_pack_id); a secret, never logged.
        type: str
      key_pack_id:
        description:
        - Parameter of the steps V(adopt_pack), V(remove_pack).
        type: int
      record:
        description:
        - Parameter of the install steps, V(adopt_pack) (the record to write) and V(remove_pack) (the name of the record
          to delete).
        type: raw
      server_role:
        description:
        - Parameter of the step V(set_discovery_scope).
        type: int
      members:
        description:
        - Parameter of the steps V(add_endpoint_servers), V(remove_endpoint_servers).
        type: list
        elements: str
attributes:
  check_mode:
    support: full
    description: Reads the host once and reports what would change, predicting what the host cannot tell yet; changes
      nothing.
  diff_mode:
    support: full
    description: Shows the role, the activation and company information, the CAL packs and the configuration, before
      and after.
  platform:
    support: full
    platforms: windows
    description: Windows Server hosts, reached through WinRM or PSRP.
notes:
  - Needs a Windows Server edition and a connection as a member of the local Administrators group.
  - The secrets (O(activation.confirmation_code) and the identifiers of O(cals.packs)) are never returned, shown in a
    diff or message, or written to the host's event log.
seealso:
  - module: remotedesktop.licensing.win_rdlicense_role
  - module: remotedesktop.licensing.win_rdlicense_activate
  - module: remotedesktop.licensing.win_rdlicense_cals
  - module: remotedesktop.licensing.win_rdlicense_info
  - module: ansible.windows.win_reboot
"""

EXAMPLES = r"""
- name: Roll out a license server, activated automatically, with two CAL packs
  remotedesktop.licensing.win_rdlicense_server:
    activation:
      company_information:
        first_name: Ada
        last_name: Lovelace
        company: Contoso Ltd
        country_region: United Kingdom
        email: licensing@contoso.example
    cals:
      packs:
        - name: hq-2022-user
          program: select
          agreement_number: "{{ vault_select_agreement }}"
          product_version: "2022"
          cal_type: per_user
          quantity: 250
        - name: kiosk-retail
          program: retail
          license_code: "{{ vault_kiosk_license_code }}"
  register: server

- name: The same in one task, restarting the server when the installation of the role needs it
  remotedesktop.licensing.win_rdlicense_server:
    activation:
      company_information: "{{ company }}"
    cals:
      packs: "{{ packs }}"
    reboot: true
    reboot_timeout: 900
  register: server

- name: Or restart it yourself when the task stopped for that, then converge the rest
  when: server.stopped == 'reboot_required'
  block:
    - name: Restart the server
      ansible.windows.win_reboot:

    - name: Activate it and install the packs
      remotedesktop.licensing.win_rdlicense_server:
        activation:
          company_information: "{{ company }}"
        cals:
          packs: "{{ packs }}"

- name: Web browser activation, phase 1 - install the role and get the instructions (server.activation.instructions)
  remotedesktop.licensing.win_rdlicense_server:
    activation:
      method: web
      company_information: "{{ company }}"
  register: server

- name: Web browser activation, phase 2 - the license server ID the site answered, then the packs
  remotedesktop.licensing.win_rdlicense_server:
    activation:
      method: web
      license_server_id: "{{ license_server_id }}"
      company_information: "{{ company }}"
    cals:
      packs: "{{ packs }}"

- name: Telephone activation with the ID the Clearinghouse operator read out
  remotedesktop.licensing.win_rdlicense_server:
    activation:
      method: telephone
      license_server_id: "{{ license_server_id }}"

- name: Deactivate a license server by telephone, with the operator's confirmation code
  remotedesktop.licensing.win_rdlicense_server:
    activation:
      state: deactivated
      method: telephone
      confirmation_code: "{{ vault_confirmation_code }}"

- name: Reactivate automatically once, while the server still holds the ID being replaced
  remotedesktop.licensing.win_rdlicense_server:
    activation:
      state: reactivated
      reason: redeployed
      current_license_server_id: 3F9A1-C07B2-E4D8A-6F0C3-B5E7D-9A2C4-E6F8A
      company_information: "{{ company }}"

- name: Activate it and register it in Active Directory for per-user CAL tracking, as a member of Domain Admins
  remotedesktop.licensing.win_rdlicense_server:
    activation:
      company_information: "{{ company }}"
    cals:
      packs: "{{ packs }}"
    configuration:
      ad_group_member: true
      discovery_scope: domain
      endpoint_servers: [RDSH01, RDSH02]
  become: true
  become_method: runas
  become_user: CONTOSO\rdl-domain-admin
  vars:
    ansible_become_password: "{{ vault_domain_admin_password }}"

- name: Check mode on a fresh server - one read, the rest predicted
  remotedesktop.licensing.win_rdlicense_server:
    activation:
      company_information: "{{ company }}"
    cals:
      packs: "{{ packs }}"
  check_mode: true
  register: would

- name: Say what would be done
  ansible.builtin.debug:
    msg: "{{ would.summary.message }}"
"""

RETURN = r"""
role:
  description:
    - The RD Licensing role as M(remotedesktop.licensing.win_rdlicense_role) returns it (C(features),
      C(reboot_required), C(service)), read after the task (predicted in check mode), with C(changed).
  returned: always
  type: dict
  sample:
    changed: true
    features:
      - {name: RDS-Licensing, installed: true, install_state: Installed}
      - {name: RDS-Licensing-UI, installed: true, install_state: Installed}
    reboot_required: false
    service: {name: TermServLicensing, exists: true, start_mode: automatic, state: started}
    predicted: false
    skipped: null
activation:
  description:
    - The activation as M(remotedesktop.licensing.win_rdlicense_activate) returns it (C(activation_status),
      C(license_server_id), C(product_id), C(company_information), C(activation_pending), C(instructions),
      C(activation_site)), with C(changed), C(predicted) (check mode before the role exists - planned on a fresh
      provider, not read) and C(skipped) (why it was not planned - V(reboot_required), V(after_role) - or null).
  returned: always
  type: dict
  sample:
    changed: true
    predicted: false
    skipped: null
    activation_status: activated
    license_server_id: 3F9A1C07B2E4D8A6F0C3B5E7D9A2C4E6F8A
    product_id: 12345-67890-13579-AT024
    company_information: {first_name: Ada, last_name: Lovelace, company: Contoso Ltd, country_region: United Kingdom}
    activation_pending: false
    instructions: null
    activation_site: null
cals:
  description:
    - The CAL packs as M(remotedesktop.licensing.win_rdlicense_cals) returns them (C(packs) - one entry per declared
      pack with its C(outcome), never an identifier - C(key_packs), C(totals), C(undeclared)), with C(changed),
      C(predicted) (check mode before the server is activated - outcomes predicted from the declaration) and
      C(skipped) (V(reboot_required), V(after_role), V(activation_pending), V(deactivated) or null).
  returned: always
  type: dict
  sample:
    changed: true
    predicted: false
    skipped: null
    packs:
      - {index: 0, name: hq-2022-user, program: select, state: present, product_version: "2022", cal_type: per_user,
         quantity: 250, outcome: installed, key_pack_id: 7, msg: null}
    key_packs: []
    totals: {"2022": {per_user: {total: 250, issued: 0, available: 250}}}
    undeclared: []
configuration:
  description:
    - The configuration as M(remotedesktop.licensing.win_rdlicense_configuration) returns it (C(configuration) - the
      domain, the discovery scope, the AD group membership, the publication, the service connection point, the
      license server security group policy and the members of RDS Endpoint Servers - and C(steps)), with C(changed),
      C(predicted) and C(skipped) (V(reboot_required), V(after_role), V(activation_pending) or null).
  returned: always
  type: dict
  sample:
    changed: true
    predicted: false
    skipped: null
    configuration: {domain_joined: true, domain: contoso.com, discovery_scope: domain, ad_group_member: true,
                    published: false, scp_registered: true, on_domain_controller: false, security_group_policy: false,
                    endpoint_servers: []}
    steps: [{type: add_to_tsls_group, status: changed}]
info:
  description:
    - What M(remotedesktop.licensing.win_rdlicense_info) returns (C(host), C(role), C(activation), C(key_packs),
      C(totals), C(expiring), C(records)), read after the last apply (in check mode and when nothing changed, as read
      by the task's one probe).
  returned: always
  type: dict
  sample:
    host: {computer_name: LIC01, os: Microsoft Windows Server 2022 Standard, is_admin: true, max_cal_version: "2022"}
    activation: {available: true, activation_status: activated}
    totals: {"2022": {per_user: {total: 250, issued: 0, available: 250}}}
reboot_required:
  description: Whether the server must restart to complete the installation of the RD Licensing role.
  returned: always
  type: bool
  sample: false
rebooted:
  description: Whether the task restarted the server (O(reboot=true)) and converged it again after the restart.
  returned: always
  type: bool
  sample: false
stopped:
  description:
    - Why the task stopped before a part, on purpose (not a failure) - V(reboot_required) (restart, then run the task
      again) or V(activation_pending) (phase 1 of the web or telephone method; run it again with the answer) - or
      null.
  returned: always
  type: str
  sample: null
summary:
  description:
    - What the task did (in check mode, would do) per part, and the lines a person reads, with the keys and types of
      the C(license_server_summary) fact of the role C(remotedesktop.licensing.license_server) (described in its
      README). It holds no secret.
    - Null when the task failed before reading the host (bad input).
  returned: always
  type: dict
  sample:
    host: lic01
    computer_name: LIC01
    check_mode: false
    changed: true
    stopped: null
    message:
      - "lic01: installed the RD Licensing role, wrote the company information (first_name, last_name, company,
        country_region), activated it by automatic connection, installed 1 CAL pack."
      - "Now: activated (license server ID 3F9A1C07B2E4D8A6F0C3B5E7D9A2C4E6F8A); CALs: 2022 per user 250 (250
        available)."
    role: {changed: true, installed_before: false, installed: true, reboot_required: false}
    reboot: {required: false, allowed: false, rebooted: false}
    company_information: {changed: true, properties: [first_name, last_name, company, country_region]}
    activation: {changed: true, pending: false, predicted: false, state: activated, method: automatic,
                 status: activated}
    packs: {changed: true, predicted: false, declared: 1,
            counts: {installed: 1, present: 0, adopted: 0, removed: 0, absent: 0, failed: 0}}
"""
