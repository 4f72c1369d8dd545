# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This file holds the documentation only: the logic is the action plugin of the same name (controller) and
# win_rdlicense_usage.ps1 (host).

from __future__ import annotations

DOCUMENTATION = r"""
module: win_rdlicense_usage
short_description: Report the CAL usage of a Remote Desktop license server
description:
  - Generates a CAL usage report on a Remote Desktop license server (C(Win32_TSLicenseReport.GenerateReportEx), the
    report RD Licensing Manager's I(Create Report) makes), reads it and returns, per CAL type and version, the CALs
    installed and issued and their availability, the per-user CALs issued (user, version, expiry), the per-device
    CALs issued (computer, hardware ID, version, expiry), the per-user requests that failed, and the per-user CALs
    issued beyond those installed (over-allocation).
  - Read-only for licensing. A report is an object RD Licensing Manager shows; the module deletes the report it
    generated once read (C(DeleteReport)), so a run leaves nothing behind, reports C(changed=false) and runs the same
    way in check mode. With O(keep_report=true) the report is left on the server and its name returned
    (C(changed=true), a new report on every run); in check mode the report is then read and deleted, and
    C(changed=true) says it would be kept.
  - One remote execution per run. The entries are read page by page (C(FetchReportSummaryEntries),
    C(FetchReportEntries), C(FetchReportPerDeviceEntries), C(FetchReportFailedPerUserEntries), 500 entries per call,
    until the method answers that there is no more data, at most 100000 entries per part).
  - A failure after the report was generated deletes it (kept or not) and names the method that failed; when the
    deletion fails too, the message gives the report's name, to delete it in RD Licensing Manager.
  - User and computer names are personal data. With O(counts_only=true) the host sends none of them (nor any hardware
    ID); the entries of RV(per_user), RV(per_device) and RV(failed_per_user) then hold their CAL type, version and
    dates with a null name, RV(counts) counts them and RV(summary) is returned as always.
  - Per-user CALs are tracked (and reported) only by a license server of a domain that is a member of the AD group
    C(Terminal Server License Servers); tracking does not work with Microsoft Entra Domain Services. A workgroup
    license server, or one outside the group, gives a warning, not a failure; RV(per_user_tracking) says why, and
    the per-device figures are still right.
  - Fails, before anything is generated, when the connecting account is not a member of the local Administrators
    group, or when the RD Licensing role is not installed or its WMI provider does not answer.
version_added: 0.1.0
author:
  - remotedesktop.licensing contributors (@remotedesktop-licensing)
options:
  keep_report:
    description:
      - Leave the report on the server, where RD Licensing Manager shows it, and return its name in
        RV(report.file_name). Every run then generates (and keeps) a new report and reports C(changed=true).
      - V(false) deletes the report once it is read.
    type: bool
    default: false
  counts_only:
    description:
      - Return no user name, computer name or hardware ID. The host leaves them out of what it sends; the entries of
        RV(per_user), RV(per_device) and RV(failed_per_user) are returned with a null RV(per_user[].user),
        RV(per_device[].computer), RV(per_device[].hardware_id) and RV(failed_per_user[].user), and RV(counts) holds
        their number.
      - For reports kept or shared where personal data must not appear.
    type: bool
    default: false
  _operation:
    description:
      - Internal use only, set by the action plugin of the same name; not an option of the task.
      - V(probe) generates a report, reads it and deletes it; V(apply) runs the V(keep_report) step, then reads the
        report it generated without deleting it.
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
          - keep_report
      continue_on_failure:
        description:
          - Go on with the next steps when this one fails.
        type: bool
attributes:
  check_mode:
    support: full
    description: >-
      The report is read in check mode too (and deleted); with O(keep_report=true), C(changed=true) says that it
      would be kept.
  diff_mode:
    support: full
    description: The reports the server keeps, before and after (a kept report appears after).
  platform:
    support: full
    platforms: windows
    description: Windows Server 2012 and later with the RD Licensing role, reached through WinRM or PSRP.
notes:
  - Needs a connection as a member of the local Administrators group.
  - Unconfirmed on Windows, as no public script reads these reports page by page (the collection follows Microsoft's
    class and method pages), whether C(Count) (the page size asked for) is honoured, the exact end-of-data answer
    (C(LSERVER_I_NO_MORE_DATA), 0x4001, documented for C(FetchReportEntries) only; the module also stops at a page
    shorter than asked for), the properties of the entries as read through CIM (C(CALType), C(TSCALType) and
    C(TSCALAvailability) are strings; the CAL type of an entry is read from the words C(Per User) or C(Per Device)
    in its C(CALType)), and the type of the report's C(Version) (returned as text).
  - The CAL versions are named by C(ProductVersionID) as in M(remotedesktop.licensing.win_rdlicense_info); Microsoft
    does not document the numbers of Windows Server 2022 and 2025 CALs (the collection assumes 7 and 8).
seealso:
  - module: remotedesktop.licensing.win_rdlicense_info
  - module: remotedesktop.licensing.win_rdlicense_cals
"""

EXAMPLES = r"""
- name: Read the CAL usage of the license server
  remotedesktop.licensing.win_rdlicense_usage:
  register: usage

- name: Fail when per-user CALs are over-allocated
  ansible.builtin.assert:
    that: usage.over_allocation | length == 0
    fail_msg: >-
      {{ usage.over_allocation | map(attribute='over_allocated') | sum }} per-user CALs issued beyond those installed
      ({{ usage.over_allocation | map(attribute='product_version') | join(', ') }})

- name: Counts only, for a report shared outside the licensing team (no user or computer name leaves the host)
  remotedesktop.licensing.win_rdlicense_usage:
    counts_only: true
  register: counts

- name: Keep the report for RD Licensing Manager and show its name
  remotedesktop.licensing.win_rdlicense_usage:
    keep_report: true
  register: kept

- name: Show where to find it
  ansible.builtin.debug:
    msg: "RD Licensing Manager shows the report {{ kept.report.file_name }}"
"""

RETURN = r"""
report:
  description: The report read.
  returned: always
  type: dict
  contains:
    file_name:
      description: Its C(FileName), when it is kept (O(keep_report=true), not in check mode); null otherwise.
      type: str
      sample: CAL Usage Report 2026-12-03 08.40.12
    generated_at:
      description: Its C(GenerationDateTime), ISO 8601 UTC; null when no report was read.
      type: str
      sample: '2026-12-03T08:40:12Z'
    version:
      description: Its C(Version), as text.
      type: str
      sample: '2'
    kept:
      description: Whether it is left on the server (in check mode, whether it would be).
      type: bool
      sample: false
reports:
  description: The reports the server keeps after the run (RD Licensing Manager shows them), oldest first.
  returned: always
  type: list
  elements: dict
  contains:
    file_name:
      description: C(FileName).
      type: str
    generated_at:
      description: C(GenerationDateTime), ISO 8601 UTC.
      type: str
    version:
      description: C(Version), as text.
      type: str
summary:
  description: The report's summary, one entry per CAL type and version (C(Win32_TSLicenseReportSummaryEntry)).
  returned: always
  type: list
  elements: dict
  contains:
    cal_type:
      description: C(per_device), C(per_user) or C(unknown) (from C(TSCALType)).
      type: str
      sample: per_user
    product_version:
      description: The version's name (C(2022)); null for a C(ProductVersionID) the collection does not know.
      type: str
      sample: '2022'
    product_version_id:
      description: C(ProductVersionID).
      type: int
      sample: 7
    product_version_label:
      description: C(ProductVersion) as Windows words it.
      type: str
      sample: Windows Server 2022
    installed:
      description: C(InstalledLicenses).
      type: int
      sample: 50
    issued:
      description: C(IssuedLicenses).
      type: int
      sample: 12
    available:
      description: Installed minus issued, 0 at least.
      type: int
      sample: 38
    availability:
      description: C(TSCALAvailability) as a name, C(available), C(limited), C(none), C(not_tracking) or C(unknown).
      type: str
      sample: available
totals:
  description: Installed and issued CALs per CAL type, every version together (from RV(summary)).
  returned: always
  type: dict
  sample: {per_device: {installed: 25, issued: 3}, per_user: {installed: 50, issued: 12}}
  contains:
    per_device:
      description: C(installed) and C(issued) per-device CALs.
      type: dict
    per_user:
      description: C(installed) and C(issued) per-user CALs.
      type: dict
per_user:
  description:
    - The per-user CALs issued (C(Win32_TSLicenseReportEntry)), by user. Personal data; no user with
      O(counts_only=true).
  returned: always
  type: list
  elements: dict
  contains:
    user:
      description: C(User); null with O(counts_only=true).
      type: str
      sample: CORP\alice
    cal_type:
      description: C(per_user), C(per_device) or C(other), read from C(CALType).
      type: str
      sample: per_user
    cal_type_label:
      description: C(CALType) as Windows words it.
      type: str
      sample: TS or RDS Per User CAL
    product_version:
      description: The version's name; null when unknown.
      type: str
      sample: '2022'
    product_version_id:
      description: C(ProductVersionID).
      type: int
    product_version_label:
      description: C(ProductVersion).
      type: str
    expires:
      description: C(ExpirationDate), ISO 8601 UTC.
      type: str
      sample: '2027-02-01T00:00:00Z'
per_device:
  description:
    - The per-device CALs issued (C(Win32_TSLicenseReportPerDeviceEntry)), by computer. Personal data; no computer or
      hardware ID with O(counts_only=true).
  returned: always
  type: list
  elements: dict
  contains:
    computer:
      description: C(sIssuedToComputer); null with O(counts_only=true).
      type: str
      sample: PC-0042
    hardware_id:
      description: C(sHardwareId); null with O(counts_only=true).
      type: str
    cal_type:
      description: C(per_device), C(per_user) or C(other), read from C(CALType).
      type: str
    cal_type_label:
      description: C(CALType).
      type: str
    product_version:
      description: The version's name; null when unknown.
      type: str
    product_version_id:
      description: C(ProductVersionID).
      type: int
    product_version_label:
      description: C(ProductVersion).
      type: str
    expires:
      description: C(ExpirationDate), ISO 8601 UTC.
      type: str
failed_per_user:
  description:
    - The per-user CAL requests that failed (C(Win32_TSLicenseReportFailedPerUserEntry)). Personal data; no user with
      O(counts_only=true).
  returned: always
  type: list
  elements: dict
  contains:
    user:
      description: C(User); null with O(counts_only=true).
      type: str
    tried_on:
      description: C(TriedIssuanceOn), ISO 8601 UTC.
      type: str
    cal_type:
      description: C(per_user), C(per_device) or C(other), read from C(CALType).
      type: str
    cal_type_label:
      description: C(CALType).
      type: str
    product_version:
      description: The version's name; null when unknown.
      type: str
    product_version_id:
      description: C(ProductVersionID).
      type: int
    product_version_label:
      description: C(ProductVersion).
      type: str
over_allocation:
  description: Per-user CALs issued beyond those installed, one entry per version where there are (from RV(summary)).
  returned: always
  type: list
  elements: dict
  contains:
    product_version:
      description: The version's name; null when unknown.
      type: str
      sample: '2019'
    product_version_id:
      description: C(ProductVersionID).
      type: int
    installed:
      description: Per-user CALs installed.
      type: int
      sample: 10
    issued:
      description: Per-user CALs issued.
      type: int
      sample: 13
    over_allocated:
      description: Issued minus installed.
      type: int
      sample: 3
counts:
  description: The number of entries of RV(per_user), RV(per_device) and RV(failed_per_user).
  returned: always
  type: dict
  sample: {per_user: 12, per_device: 3, failed_per_user: 0}
counts_only:
  description: Whether the names were left out (O(counts_only)).
  returned: always
  type: bool
per_user_tracking:
  description: Whether per-user CALs are tracked on this license server.
  returned: always
  type: dict
  contains:
    tracked:
      description: True, false, or null when it could not be told.
      type: bool
    domain_joined:
      description: C(Win32_ComputerSystem.PartOfDomain).
      type: bool
    in_tsls_group:
      description: C(IsLSinTSLSGroup) of its own domain; null in a workgroup or when the call failed.
      type: bool
    reason:
      description: Why per-user CALs are not tracked; null when they are.
      type: str
"""
