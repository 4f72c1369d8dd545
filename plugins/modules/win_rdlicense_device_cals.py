# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This file holds the documentation only: the logic is the action plugin of the same name (controller) and
# win_rdlicense_device_cals.ps1 (host).

from __future__ import annotations

DOCUMENTATION = r"""
module: win_rdlicense_device_cals
short_description: List and revoke the per-device CALs a Remote Desktop license server has issued
description:
  - Lists the per-device CALs a license server has issued (C(Win32_TSIssuedLicense)), with the computer, the user, the
    hardware ID, the issue and expiry dates, the status and the product version of each.
  - With a selection (O(computers), O(issued_before), both when both are given, and O(product_version)), revokes the
    selected CALs (C(Revoke()), an instance method of C(Win32_TSIssuedLicense)), as RD Licensing Manager's
    "Revoke License" does; a revoked CAL goes back to its pack. Without a selection the module only lists and never
    changes anything.
  - Only CALs whose status is active or upgrade are revoked; a revoked CAL is not revoked again, so a rerun changes
    nothing and costs one remote execution. Temporary, pending and concurrent CALs are never selected (an assumption,
    Microsoft does not say which statuses C(Revoke()) accepts).
  - Per-user CALs cannot be revoked (Windows revokes per-device CALs only). O(cal_type=per_user), and a name in
    O(computers) that is a user's (C(DOMAIN\\name), C(name@domain)), are refused before anything is sent.
  - "The revocation budget: Windows revokes at most 20 % of a product version's installed per-device CALs at a time,
    and documents no way to read what is left before revoking. The module estimates it as 20 % of the installed
    per-device CALs of the version (rounded down) and refuses, before any change, a selection beyond that
    (RV(budget)). The license server decides: after each C(Revoke()) it answers C(RevokableCals), and when it refuses
    a revocation for its limit (revocations of earlier runs count too) it answers C(NextRevokeAllowedOn), which the
    task reports in its failure (RV(next_revoke_allowed_on)) with what it revoked and what it did not. How long the
    limit lasts is not documented."
  - The return codes of C(Revoke()) are not documented; a non-zero C(ReturnValue) with a C(NextRevokeAllowedOn) date
    is taken as the limit (C(NextRevokeAllowedOn) is documented as valid when the call failed for it), any other
    non-zero C(ReturnValue) as a failure of that CAL, which stops the run.
  - The names of computers and users are personal data. With O(counts_only) they never leave the license server,
    the probe returns the CALs without them (selection by O(issued_before) still works). See the collection's
    C(docs/cals.md).
version_added: 0.2.0
author:
  - remotedesktop.licensing contributors (@remotedesktop-licensing)
options:
  computers:
    description:
      - Revoke the per-device CALs issued to these computers. Each is a NetBIOS name (15 characters at most) or a DNS
        host name, in ASCII, compared without case with the computer a CAL was issued to (a DNS name also by its
        first label).
      - With O(issued_before), only the CALs of these computers issued before that date.
      - A name that holds no CAL is reported in a warning. Refused with O(counts_only=true) (the names then stay on the
        host).
    type: list
    elements: str
  issued_before:
    description:
      - Revoke the per-device CALs issued before this date, written V(YYYY-MM-DD) (before midnight UTC that day).
      - A date after tomorrow (by the controller's clock) is refused.
    type: str
  product_version:
    description:
      - Only the CALs of this product version (of the key pack they were issued from), with a selection.
    type: str
    choices: ['2008', '2008R2', '2012', '2016', '2019', '2022', '2025']
  cal_type:
    description:
      - The kind of CALs to revoke. Only V(per_device) CALs can be revoked; V(per_user) is refused before anything is
        sent.
    type: str
    default: per_device
    choices: [per_device, per_user]
  counts_only:
    description:
      - Leave the names (computer, user, hardware ID) on the license server. RV(cals) then holds the CALs without
        them, and the task's output, logs and AWX job events hold no personal data.
    type: bool
    default: false
  product_version_ids:
    description:
      - Overrides the C(ProductVersionID) a product version has, keyed by version name, as for
        M(remotedesktop.licensing.win_rdlicense_cals) (Windows Server 2022 and 2025 are assumed to be 7 and 8).
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
          - revoke_cal
      continue_on_failure:
        description:
          - Go on with the next steps when this one fails.
        type: bool
      license_id:
        description:
          - Parameter of the step V(revoke_cal).
        type: int
      key_pack_id:
        description:
          - Parameter of the step V(revoke_cal).
        type: int
attributes:
  check_mode:
    support: full
    description: Reads the license server and reports what would be revoked (RV(revoked)) and the estimated budget.
  diff_mode:
    support: full
    description: Shows the status of every issued per-device CAL, before and after.
  platform:
    support: full
    platforms: windows
    description: Windows Server hosts with the RD Licensing role, reached through WinRM or PSRP.
notes:
  - Needs a connection as a member of the local Administrators group and the RD Licensing role.
  - Revoking frees a CAL for another device; the computer it was issued to gets a new CAL at its next connection if
    one is available.
seealso:
  - module: remotedesktop.licensing.win_rdlicense_cals
  - module: remotedesktop.licensing.win_rdlicense_info
  - module: remotedesktop.licensing.win_rdlicense_usage
"""

EXAMPLES = r"""
- name: List the issued per-device CALs
  remotedesktop.licensing.win_rdlicense_device_cals:
  register: device_cals

- name: Revoke the CALs of two retired computers
  remotedesktop.licensing.win_rdlicense_device_cals:
    computers:
      - WS-OLD-017
      - ws-old-018.contoso.com

- name: Preview the revocation of the 2019 CALs issued before 2026
  remotedesktop.licensing.win_rdlicense_device_cals:
    issued_before: "2026-01-01"
    product_version: "2019"
  check_mode: true
  register: preview

- name: Show how many would be revoked and what is left of the estimated budget
  ansible.builtin.debug:
    msg: "{{ preview.revoked | length }} CALs; budget {{ preview.budget }}"

- name: Count the CALs by version and status, without any computer or user name leaving the server
  remotedesktop.licensing.win_rdlicense_device_cals:
    counts_only: true
  register: counts

- name: Revoke, without names, the CALs issued before a date
  remotedesktop.licensing.win_rdlicense_device_cals:
    issued_before: "2025-06-30"
    counts_only: true
"""

RETURN = r"""
cals:
  description:
    - Every issued per-device CAL (C(Win32_TSIssuedLicense)), revoked ones included, after the task (in check mode,
      as it would be). With O(counts_only), RV(cals[].computer), RV(cals[].user) and RV(cals[].hardware_id) are null.
  returned: always
  type: list
  elements: dict
  contains:
    license_id:
      description: C(LicenseId).
      type: int
    key_pack_id:
      description: C(KeyPackId), the key pack it was issued from.
      type: int
    computer:
      description: C(sIssuedToComputer); null with O(counts_only).
      type: str
    user:
      description: C(sIssuedToUser); null when empty or with O(counts_only).
      type: str
    hardware_id:
      description: C(sHardwareId); null with O(counts_only).
      type: str
    issued:
      description: C(IssueDate), ISO 8601 UTC; null when the host gave no date.
      type: str
    expires:
      description: C(ExpirationDate), ISO 8601 UTC; null when the host gave no date.
      type: str
    status:
      description: C(LicenseStatus) by name.
      type: str
      choices: [unknown, temporary, active, upgrade, revoked, pending, concurrent]
    product_version:
      description: The product version of its key pack (V(2022)); null when unknown.
      type: str
  sample:
    - license_id: 12
      key_pack_id: 3
      computer: WS-OLD-017
      user: CONTOSO\\jdoe
      hardware_id: 0205AF0D-E152F069-A3B9724A-97477994-713284AD
      issued: "2026-02-01T09:12:00Z"
      expires: "2026-04-20T09:12:00Z"
      status: active
      product_version: "2022"
revoked:
  description:
    - The CALs revoked by this task (in check mode, that would be), in the shape of RV(cals), with their status after
      the task. Empty without a selection and on a rerun.
  returned: always
  type: list
  elements: dict
  sample: []
refused:
  description:
    - The selected CALs the license server refused to revoke for its revocation limit (the task then fails), in the
      shape of RV(cals).
  returned: always
  type: list
  elements: dict
  sample: []
budget:
  description:
    - The revocation budget of each product version with installed per-device CALs, keyed by version name.
    - C(installed) the per-device CALs of its permanent packs; C(limit) the estimate, 20 % of them rounded down;
      C(selected) the CALs this task revokes (would revoke); C(estimated_remaining) the estimate minus that, not
      counting revocations of earlier runs (Windows does not tell them); C(revokable_cals) what the license server
      answered (C(RevokableCals)) after the last revocation of that version in this task, null when none ran;
      C(next_revoke_allowed_on) the C(NextRevokeAllowedOn) of a refusal (ISO 8601 UTC), else null.
  returned: always
  type: dict
  sample:
    "2022":
      installed: 50
      limit: 10
      selected: 2
      estimated_remaining: 8
      revokable_cals: 8
      next_revoke_allowed_on: null
next_revoke_allowed_on:
  description:
    - When the license server refused a revocation for its limit, the date it says revoking is allowed again
      (C(NextRevokeAllowedOn), ISO 8601 UTC; the latest when several versions were refused); else null.
  returned: always
  type: str
  sample: "2026-08-01T09:12:00Z"
counts:
  description: The issued per-device CALs of RV(cals) by product version and status.
  returned: always
  type: dict
  sample: {"2022": {active: 37, revoked: 2}, "2019": {temporary: 1}}
counts_only:
  description: Whether the names were left on the license server (O(counts_only)).
  returned: always
  type: bool
  sample: false
"""
