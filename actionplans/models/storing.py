"""Writing a file to one of the service's storages (the evidence store, the
published record): whole, or not at all.

A write that fails part way, the disk full above all, must leave no
half-written file behind for anyone to take for a record's, and must
reach the person as a sentence they can act on, not a server error."""

import errno
import logging

logger = logging.getLogger(__name__)

# The ways a filesystem says it has no room: the disk, a quota, a file too big.
NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def save_whole(storage, wanted: str, content, *, still_named=lambda name: False) -> str:
    """`content` saved under `wanted` (or the name the storage gives it), or
    nothing: on an OSError what was written is removed, unless a record
    names it (`still_named(name)`: another process's whole copy is never
    removed), and the error goes on to the caller."""
    name = storage.get_available_name(wanted)
    try:
        return storage.save(name, content)
    except OSError:
        if storage.exists(name) and not still_named(name):
            storage.delete(name)
        raise


def why_not_stored(error: OSError, what: str, *, again: str = "it") -> str:
    """What the person is told when `what` (e.g. "‘minutes.pdf’") could not
    be stored; the error itself goes to the log, for the council's IT."""
    logger.error("Could not store %s: %s", what, error)
    if error.errno in NO_ROOM:
        return (
            f"There is no room left on the server to store {what}: nothing was attached or saved. Tell the "
            f"council's IT that the evidence store is full, and attach {again} again once they have made room."
        )
    return (
        f"The server could not store {what} ({error.strerror or 'a storage error'}): nothing was attached or "
        f"saved. Tell the council's IT, and attach {again} again once they have put it right."
    )
