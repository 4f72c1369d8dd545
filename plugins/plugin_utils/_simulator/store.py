# -*- coding: utf-8 -*-
# Copyright: (c) 2026, remotedesktop.licensing contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Per-host state files of the simulated license server.

Internal to the remotedesktop.licensing collection. One JSON file per host (``<host>.json``) holds the model's state;
a second (``<host>.counters.json``) counts remote executions and payload bytes, so that a read-only run leaves the
state file byte for byte as it was; a third (``<host>.host.json``) keeps what the module framework leaves on the host
and returns: the Application event log entries Ansible.Basic wrote and the last ``invocation`` of each module.
Every change happens under an exclusive lock on ``<host>.lock`` and is written to a temporary file that replaces the
old one, so concurrent forks and an interrupted run never corrupt it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import tempfile
import typing as t

from ansible_collections.remotedesktop.licensing.plugins.plugin_utils._simulator import model as sim_model


# How many Application event log entries of Ansible.Basic a simulated host keeps.
EVENT_LOG_SIZE = 1000
# The folder (in the state directory) that names the session hosts whose profile lists clients (model_issued.py).
CLIENT_HOSTS = 'client-hosts'


def _safe_name(host: str) -> str:
    return re.sub(r'[^A-Za-z0-9_.-]', '_', host)


def _write_json(path: str, data: t.Any) -> None:
    directory = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix='.tmp-', dir=directory)
    try:
        with os.fdopen(fd, 'w', encoding='utf-8') as f:
            json.dump(data, f, indent=2, sort_keys=True)
            f.write('\n')
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _read_json(path: str) -> t.Optional[t.Any]:
    try:
        with open(path, encoding='utf-8') as f:
            return json.load(f)
    except FileNotFoundError:
        return None


SPEC_CACHE = 'simulator.argspec-cache.json'


class SpecCache:
    """The argument specs the simulator read from module scripts, by the script's digest, in one file shared by the
    hosts of a state directory (``simulator.argspec-cache.json``): ansible-core runs each task in a new process,
    which would otherwise parse the script again for every execution. A file that cannot be read or written is no
    cache: the spec is read from the script again."""

    def __init__(self, path: str):
        self.path = path

    def _read(self) -> dict[str, t.Any]:
        try:
            data = _read_json(self.path)
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, digest: str) -> t.Optional[dict[str, t.Any]]:
        return self._read().get(digest)

    def put(self, digest: str, spec: dict[str, t.Any]) -> None:
        """Add one spec (the file replaced atomically; a spec lost to a concurrent writer is read again)."""
        data = self._read()
        data[digest] = spec
        with contextlib.suppress(OSError):
            _write_json(self.path, data)


class HostStore:
    """The files of one simulated host in a state directory."""

    def __init__(self, state_dir: str, host: str):
        self.host = host
        self.state_dir = state_dir
        base = os.path.join(state_dir, _safe_name(host))
        self.state_path = base + '.json'
        self.counters_path = base + '.counters.json'
        self.framework_path = base + '.host.json'
        self.lock_path = base + '.lock'
        # Shared by the hosts of the folder: the argument specs the simulator read from module scripts (psspec).
        self.spec_cache = SpecCache(os.path.join(state_dir, SPEC_CACHE))

    @contextlib.contextmanager
    def _locked(self) -> t.Iterator[None]:
        os.makedirs(self.state_dir, exist_ok=True)
        with open(self.lock_path, 'a') as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    @contextlib.contextmanager
    def transaction(self, profile: t.Optional[dict[str, t.Any]] = None) -> t.Iterator[dict[str, t.Any]]:
        """Yield the host's state (created from the profile on first use); write it back only if it changed.

        When the body raises, nothing is written: the host keeps the state it had.
        """
        with self._locked():
            state = _read_json(self.state_path)
            created = state is None
            if created:
                state = sim_model.new_state(self.host, profile)
            if state.get('schema') != sim_model.SCHEMA:
                raise ValueError('%s: unsupported simulator state schema %r' % (self.state_path, state.get('schema')))
            before = json.dumps(state, sort_keys=True)
            yield state
            if created or json.dumps(state, sort_keys=True) != before:
                _write_json(self.state_path, state)
            if created and state.get('clients'):
                self._mark_client_host()  # a session host with clients (model_issued.py)

    def count(self, module: str, payload_bytes: int) -> None:
        """Count one remote execution of ``module`` carrying ``payload_bytes`` of stdin."""
        with self._locked():
            counters = _read_json(self.counters_path) or {'executions': 0, 'payload_bytes': 0, 'by_module': {}}
            counters['executions'] += 1
            counters['payload_bytes'] += payload_bytes
            entry = counters['by_module'].setdefault(module, {'executions': 0, 'payload_bytes': 0})
            entry['executions'] += 1
            entry['payload_bytes'] += payload_bytes
            _write_json(self.counters_path, counters)

    def record_framework(self, module: str, events: list[dict[str, str]], invocation: t.Any) -> None:
        """Keep what Ansible.Basic left for one run of ``module``: append its event log entries (the newest
        EVENT_LOG_SIZE are kept, as a size-limited Windows log keeps its newest) and its invocation."""
        with self._locked():
            framework = _read_json(self.framework_path) or {'application_event_log': [], 'invocations': {}}
            before = json.dumps(framework, sort_keys=True)
            framework['application_event_log'] = (framework['application_event_log'] + list(events))[-EVENT_LOG_SIZE:]
            if invocation is not None:
                framework['invocations'][module] = invocation
            if json.dumps(framework, sort_keys=True) != before or not os.path.exists(self.framework_path):
                _write_json(self.framework_path, framework)

    def peer(self, name: str) -> t.Optional[dict[str, t.Any]]:
        """The state of another simulated host of the same state directory, by a name a session host lists (its
        file name, or the first label of a DNS name; without case); None when there is none. Read without its lock:
        every write replaces the file at once, so a read sees one whole state."""
        names = [name, name.split('.')[0]]
        for candidate in dict.fromkeys(n for raw in names for n in (raw, raw.lower(), raw.upper())):
            state = _read_json(os.path.join(self.state_dir, _safe_name(candidate) + '.json'))
            if state is not None:
                return state
        return None

    # -- the session hosts whose profile lists clients (model_issued.py): an empty file each in CLIENT_HOSTS ------
    def _mark_client_host(self) -> None:
        folder = os.path.join(self.state_dir, CLIENT_HOSTS)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, _safe_name(self.host)), 'a'):
            pass

    def client_host_states(self) -> list[dict[str, t.Any]]:
        """The states of the other simulated hosts of the folder whose profile lists clients, read as peer() reads."""
        try:
            names = sorted(os.listdir(os.path.join(self.state_dir, CLIENT_HOSTS)))
        except FileNotFoundError:
            return []
        states = (_read_json(os.path.join(self.state_dir, name + '.json')) for name in names
                  if name != _safe_name(self.host))
        return [state for state in states if state is not None]

    def read(self) -> t.Optional[dict[str, t.Any]]:
        return _read_json(self.state_path)

    def counters(self) -> dict[str, t.Any]:
        return _read_json(self.counters_path) or {'executions': 0, 'payload_bytes': 0, 'by_module': {}}
