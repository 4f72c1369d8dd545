# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This file holds the documentation only: the logic is the action plugin of the same name (controller) and
# win_rdlicense_cals.ps1 (host).

from __future__ import annotations

DOCUMENTATION = r"""
module: win_rdlicense_cals
short_description: Install Remote Desktop Services CAL packs from every license program, idempotently
description:
  - Makes sure the declared Remote Desktop Services client access license (CAL) packs are installed on an activated
    Remote Desktop license server, or removed from it. One task takes a list of packs from any mix of license
    programs, that is retail, Open License, the agreements (Select, Enterprise Agreement, Campus, School, SPLA, other
    agreements) and license key pack IDs obtained from the Microsoft Clearinghouse by web or telephone (the offline
    path).
  - Reads the server once (activation status, key packs, idempotency records); when nothing needs to change, that
    single remote execution is all the task costs. Changes are applied in a second and last execution.
  - B(Idempotency.) Windows cannot tell whether a pack is installed already (a key pack stores neither the agreement
    number nor the license code), and installing the same purchase twice adds the licences twice. So each pack this
    module installs gets a record on the server, under C(HKLM:\SOFTWARE\remotedesktop.licensing\KeyPacks), a salted
    SHA-256 hash of the pack's identity (program, identifiers and, for the programs that send them, product version,
    CAL type and quantity) with the resulting C(KeyPackId), never the secret itself. A pack whose record names a key
    pack that still exists is installed, and nothing is done.
  - B(Adoption.) A declared pack without a record (installed by hand, before this module) is recognised when an
    installed pack that no record claims has the same product version, CAL type and quantity and a key pack type the
    program produces; its record is written and the pack is reported as V(adopted), not installed again. Set
    O(adopt=false) to never adopt.
  - B(Two runs at once.) Each install step re-checks on the server, under a lock, that the pack's record still does
    not exist before it installs; a pack that another run installed in the meantime is reported as V(present).
  - Fails before changing anything when the connecting account is not an administrator, when the RD Licensing role
    (its WMI provider) is missing, when a pack is of a newer Windows Server version than the license server can hold,
    and when a pack must be installed on a server that is not activated (run
    M(remotedesktop.licensing.win_rdlicense_activate) first). Malformed identifiers, unknown versions or CAL types,
    out-of-range quantities and options that do not belong to a program fail before anything is sent to the server.
  - B(Strict types.) Every option is checked as given, before the conversions of ansible-core; a list or a dictionary
    is not a string, a boolean is not a number (O(packs[].quantity=true) is refused) and a number is not a boolean.
    Whole numbers are accepted for text options (an agreement number written as the number C(1234567)), and strings
    of ASCII digits for O(packs[].quantity). An identifier given empty is refused naming it (an unset vault variable
    or AWX survey answer); an identifier must be ASCII letters and digits, so that look-alikes such as C(ı), C(ſ) or
    C(ß), which upper case would turn into C(I), C(S) or C(SS), are refused.
  - One pack failing (for example a code the Clearinghouse refuses) does not stop the others; every pack's outcome
    is returned in RV(packs) and the task fails naming each failed pack by position, name, program, version, CAL
    type and quantity, with the cause. Identifiers never appear in results, diffs, warnings or messages.
  - See the collection's C(docs/cals.md) for the programs, version compatibility, the records and the offline flow.
version_added: 0.1.0
author:
  - remotedesktop.licensing contributors (@remotedesktop-licensing)
options:
  packs:
    description:
      - The CAL packs to install (or remove). Each entry is one purchase.
      - An entry is identified by its program, its identifiers and, for the programs whose install method takes
        them (Open License and the agreements), its product version, CAL type and quantity. Changing one of those
        declares another pack; the pack installed for the old declaration stays (remove it with O(packs[].state=absent)
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
          - V(retail) (Retail purchase, C(InstallRetailPurchaseLicenseKeyPack)) needs O(packs[].license_code).
          - V(open_license) (Open License, C(InstallOpenLicenseKeyPack)) needs O(packs[].license_number),
            O(packs[].authorization_number), O(packs[].product_version), O(packs[].cal_type) and
            O(packs[].quantity).
          - V(select), V(enterprise_agreement), V(campus), V(school), V(spla) (Service Provider License Agreement) and
            V(other_agreement) (Open Value, Multi-Year Open, Open Subscription and other agreements;
            C(InstallAgreementLicenseKeyPack)) need O(packs[].agreement_number), O(packs[].product_version),
            O(packs[].cal_type) and O(packs[].quantity).
          - V(license_key_pack_id) (a license key pack ID the Clearinghouse issued by web or telephone for this
            license server, C(InstallLicenseKeyPack); the offline path) needs O(packs[].license_key_pack_id).
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
            O(packs[].cal_type) and O(packs[].quantity)) to let a pack installed by hand be adopted, and to have the
            version checked against the license server before anything is sent.
          - A license server holds CALs of its own Windows Server version and older.
          - V(2022) uses ProductVersion number 7 and V(2025) number 8, assumptions (Microsoft's pages of the install
            methods document the numbers up to 6, Windows Server 2019); a warning says so whenever such a pack is
            installed, and O(product_version_ids) overrides them.
        type: str
        choices: ["2008", "2008R2", "2012", "2016", "2019", "2022", "2025"]
      cal_type:
        description:
          - V(per_user) or V(per_device). Required by V(open_license) and the agreement programs; optional otherwise
            (see O(packs[].product_version)).
        type: str
        choices: [per_user, per_device]
      quantity:
        description:
          - Number of CALs in the pack, 1 to 9999. Required by V(open_license) and the agreement programs; optional
            otherwise (see O(packs[].product_version)).
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
      - Report the installed packs (built-in and temporary packs aside) that no entry of O(packs) declares, in
        RV(undeclared) and as a warning. They are never removed.
      - Use it on the task that declares all the packs of a server.
    type: bool
    default: false
  include_builtin_and_temporary:
    description:
      - Also list the built-in pack (C(ProductType) 3) and temporary packs (C(KeyPackType) 4) in RV(key_packs).
        They never count in RV(totals) and are never adopted or removed.
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
          - init_records
          - install_agreement_pack
          - install_retail_pack
          - install_open_pack
          - install_key_pack_id
          - adopt_pack
          - remove_pack
      continue_on_failure:
        description:
          - Go on with the next steps when this one fails.
        type: bool
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
          - Parameter of the install steps, V(adopt_pack) (the record to write) and V(remove_pack) (the name of the
            record to delete).
        type: raw
attributes:
  check_mode:
    support: full
    description: Reads the server and reports what would happen to each pack (RV(packs)[].outcome); changes nothing.
  diff_mode:
    support: full
    description: Shows the purchased key packs before and after (packs to install by the entry that declares them).
  platform:
    support: full
    platforms: windows
    description: Windows Server hosts with the RD Licensing role, reached through WinRM or PSRP.
notes:
  - Needs an activated license server (M(remotedesktop.licensing.win_rdlicense_activate)) to install packs, a
    connection as a member of the local Administrators group and, for every program but V(license_key_pack_id), an
    outbound HTTPS connection from the license server to the Microsoft Clearinghouse.
  - The records key is created readable by Administrators and SYSTEM only. Deleting it is safe, the next run adopts
    the installed packs again (for the packs declared with product version, CAL type and quantity).
  - Re-submitting the same purchase to the Clearinghouse may add the licences a second time; this is why a pack is
    never installed when it is recorded or can be adopted.
seealso:
  - module: remotedesktop.licensing.win_rdlicense_role
  - module: remotedesktop.licensing.win_rdlicense_activate
  - module: remotedesktop.licensing.win_rdlicense_info
"""

EXAMPLES = r"""
- name: Install per-user CALs from a Select agreement (the agreement number comes from a vault)
  remotedesktop.licensing.win_rdlicense_cals:
    packs:
      - name: hq-2022-user
        program: select
        agreement_number: "{{ vault_select_agreement }}"
        product_version: "2022"
        cal_type: per_user
        quantity: 250

- name: One task, every program
  remotedesktop.licensing.win_rdlicense_cals:
    packs:
      - name: retail-box-1
        program: retail
        license_code: "{{ vault_retail_code }}"
        product_version: "2022"  # optional for retail; lets a pack installed by hand be adopted
        cal_type: per_device
        quantity: 5
      - name: open-2019-device
        program: open_license
        license_number: "{{ vault_open_license_number }}"
        authorization_number: "{{ vault_open_authorization }}"
        product_version: "2019"
        cal_type: per_device
        quantity: 20
      - name: ea-2022-user
        program: enterprise_agreement
        agreement_number: "{{ vault_ea_number }}"
        product_version: "2022"
        cal_type: per_user
        quantity: 500
      - name: campus
        program: campus
        agreement_number: "{{ vault_campus_number }}"
        product_version: "2022"
        cal_type: per_user
        quantity: 100
      - name: school
        program: school
        agreement_number: "{{ vault_school_number }}"
        product_version: "2022"
        cal_type: per_device
        quantity: 40
      - name: hosting
        program: spla
        agreement_number: "{{ vault_spla_number }}"
        product_version: "2022"
        cal_type: per_user
        quantity: 30
      - name: open-value
        program: other_agreement
        agreement_number: "{{ vault_open_value_number }}"
        product_version: "2019"
        cal_type: per_user
        quantity: 15
  register: cals

- name: Show the available per-user 2022 CALs
  ansible.builtin.debug:
    msg: "{{ cals.totals['2022'].per_user.available }} per-user 2022 CALs available"

- name: Offline (web or telephone) path - install the key pack ID the Clearinghouse issued for this server
  remotedesktop.licensing.win_rdlicense_cals:
    packs:
      - name: offline-2022-device
        program: license_key_pack_id
        license_key_pack_id: "{{ vault_key_pack_id }}"

- name: Windows Server 2025 CALs, with the version number Microsoft eventually publishes
  remotedesktop.licensing.win_rdlicense_cals:
    product_version_ids:
      "2025": 8
    packs:
      - program: select
        agreement_number: "{{ vault_select_agreement }}"
        product_version: "2025"
        cal_type: per_user
        quantity: 100

- name: Remove a pack this module installed
  remotedesktop.licensing.win_rdlicense_cals:
    packs:
      - name: hq-2022-user
        program: select
        agreement_number: "{{ vault_select_agreement }}"
        product_version: "2022"
        cal_type: per_user
        quantity: 250
        state: absent

- name: Report the packs that the declaration does not list (never removes them)
  remotedesktop.licensing.win_rdlicense_cals:
    packs: "{{ rdl_all_packs }}"
    report_undeclared: true
  register: drift

- name: Fail a drift check when something undeclared is installed
  ansible.builtin.assert:
    that: drift.undeclared | length == 0
"""

RETURN = r"""
packs:
  description:
    - One entry per declared pack, in the order of O(packs), saying what happened to it (in check mode, what would
      happen). Identifiers are never returned.
  returned: always
  type: list
  elements: dict
  sample:
    - index: 0
      name: hq-2022-user
      program: select
      state: present
      product_version: "2022"
      cal_type: per_user
      quantity: 250
      outcome: installed
      key_pack_id: 7
      msg: null
  contains:
    index:
      description: Position of the entry in O(packs), from 0.
      type: int
      returned: always
    name:
      description: The O(packs[].name) given, or null.
      type: str
      returned: always
    program:
      description: The license program.
      type: str
      returned: always
    state:
      description: The wanted state, V(present) or V(absent).
      type: str
      returned: always
    product_version:
      description: Product version as declared or, for a retail code or key pack ID, as installed (null when unknown).
      type: str
      returned: always
    cal_type:
      description: CAL type as declared or as installed.
      type: str
      returned: always
    quantity:
      description: Number of CALs as declared or as installed.
      type: int
      returned: always
    outcome:
      description:
        - V(installed) (installed now), V(present) (installed before, recorded; also when another run installed it
          at the same time), V(adopted) (installed without this module, recognised and recorded now), V(removed),
          V(absent) (nothing to remove) or V(failed).
      type: str
      returned: always
    key_pack_id:
      description: The C(KeyPackId) of the pack on the server (null for a pack still to install in check mode).
      type: int
      returned: always
    msg:
      description: Why the pack failed (the method and the WMI error), or null.
      type: str
      returned: always
key_packs:
  description:
    - The server's key packs as read after the task (predicted in check mode), built-in and temporary packs left out
      unless O(include_builtin_and_temporary=true).
  returned: always
  type: list
  elements: dict
  sample:
    - key_pack_id: 7
      key_pack_type: volume
      product_version: "2022"
      product_version_id: 7
      product_version_label: Windows Server 2022
      cal_type: per_user
      total: 250
      issued: 12
      available: 238
      expiration_date: "2038-01-19T03:14:07Z"
      description: Remote Desktop Services 2022 Per User CAL
      type_and_model: RDS Per User CAL
      managed: true
  contains:
    key_pack_id:
      description: C(KeyPackId) (null for a pack still to install in check mode).
      type: int
      returned: always
    key_pack_type:
      description: C(KeyPackType) by name (V(retail), V(volume), V(concurrent), V(temporary), V(open_license), ...).
      type: str
      returned: always
    product_version:
      description: Product version name for the C(ProductVersionID) (null when unknown, or for the built-in pack).
      type: str
      returned: always
    product_version_id:
      description: C(ProductVersionID) as read.
      type: int
      returned: always
    product_version_label:
      description: C(ProductVersion) as read, for example C(Windows Server 2022).
      type: str
      returned: always
    cal_type:
      description: C(ProductType) by name, V(per_user), V(per_device) or V(built_in).
      type: str
      returned: always
    total:
      description: C(TotalLicenses).
      type: int
      returned: always
    issued:
      description: C(IssuedLicenses).
      type: int
      returned: always
    available:
      description: C(AvailableLicenses).
      type: int
      returned: always
    expiration_date:
      description: C(ExpirationDate) in ISO 8601, UTC.
      type: str
      returned: always
    description:
      description: C(Description).
      type: str
      returned: always
    type_and_model:
      description: C(TypeAndModel).
      type: str
      returned: always
    managed:
      description: Whether an idempotency record of this collection claims the pack.
      type: bool
      returned: always
totals:
  description:
    - Purchased CALs per product version and CAL type, summed over the packs of RV(key_packs) (built-in and temporary
      packs never count). Keys are version names (C(id_<n>) for an unknown C(ProductVersionID)), then V(per_user) /
      V(per_device).
  returned: always
  type: dict
  sample:
    "2022":
      per_user:
        total: 250
        issued: 12
        available: 238
undeclared:
  description:
    - With O(report_undeclared=true), the installed packs (as in RV(key_packs)) that no entry of O(packs) declares;
      otherwise empty.
  returned: always
  type: list
  elements: dict
  sample: []
"""
