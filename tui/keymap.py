"""The reader's own keys: `keys.yaml` in the config folder gives an action other keys.

Each line names an action by its id and the keys that do it from then on, in Textual's names,
commas between them (README, "Your own keys", lists every action):

    list.search: ctrl+f
    list.down: j,down,ctrl+n

An action named here loses its own keys. The file is the reader's, but it is read as any file
is: a broken one is reported with its line and column, and the explorer keeps its own keys.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from pathlib import Path

from .errors import LoadError, TimelineError, single_error
from .files import NotReadable, read_bounded

KEYS_FILE_NAME = "keys.yaml"
LARGEST_KEYS_FILE = 1 << 16
_KEY = re.compile(r"[A-Za-z0-9_+-]+|[^\s,]")
"""A key's name (`ctrl+f`, `pagedown`, `question_mark`) or a single character (`?`)."""


def config_folder() -> Path:
    """The platform's folder for the app's settings, or GMP_TIMELINE_CONFIG when it is set."""
    setting = os.environ.get("GMP_TIMELINE_CONFIG")
    if setting:
        return Path(setting)
    import platformdirs

    return Path(platformdirs.user_config_dir("gmp-timeline"))


def keys_file() -> Path:
    return config_folder() / KEYS_FILE_NAME


def read_keymap(path: Path, actions: Collection[str]) -> dict[str, str]:
    """The keys `path` gives each action it names, as Textual's `set_keymap` takes them, or no
    change if there is no such file; raise TimelineError for a file that cannot be used whole.
    `actions`: the ids of the actions that can be given keys."""
    from . import yaml_nodes  # PyYAML keeps each value's line and column

    name = str(path)
    try:
        data = read_bounded(path, LARGEST_KEYS_FILE, pipes=False, what="keys file")
    except NotReadable as error:
        if not path.exists() and not path.is_symlink():
            return {}
        raise single_error(name, str(error)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise single_error(name, "the keys file is not UTF-8 text") from None
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        return {}  # YAML has no document in it, which is no mistake here
    root = yaml_nodes.checked_nodes(text, name)
    if not isinstance(root, yaml_nodes.MappingNode):
        raise single_error(name, "the keys file must be a mapping of actions to keys, as `list.search: ctrl+f`")
    keymap: dict[str, str] = {}
    errors: list[LoadError] = []
    for key_node, value_node in root.value:
        action = key_node.value if isinstance(key_node, yaml_nodes.ScalarNode) else None
        mark = key_node.start_mark
        where = (name, mark.line + 1, mark.column + 1, "")
        if not isinstance(action, str) or action not in actions:
            shown = action if isinstance(action, str) else "this"
            errors.append(LoadError(*where, f"{shown!r} is not an action; README lists them"))
            continue
        keys = value_node.value if isinstance(value_node, yaml_nodes.ScalarNode) else None
        names = [key.strip() for key in keys.split(",")] if isinstance(keys, str) else []
        if not names or not all(_KEY.fullmatch(key) for key in names):
            mark = value_node.start_mark
            errors.append(
                LoadError(
                    name,
                    mark.line + 1,
                    mark.column + 1,
                    action,
                    "give the keys as names separated by commas, as `j,down` or `ctrl+f`",
                )
            )
            continue
        keymap[action] = ",".join(names)
    if errors:
        raise TimelineError(errors)
    return keymap
