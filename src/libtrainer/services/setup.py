"""First set-up of a device: its identity and its place in the organisation."""

from __future__ import annotations

from dataclasses import dataclass

from libtrainer.domain import rules
from libtrainer.domain.enums import Role
from libtrainer.domain.errors import N_, StoreError
from libtrainer.domain.ids import new_id
from libtrainer.services import org
from libtrainer.services.org import Place
from libtrainer.services.results import Changed
from libtrainer.store import capture
from libtrainer.store.models import Branch, Device, Library, Region
from libtrainer.store.store import Store, read_meta, write_meta
from libtrainer.store.uow import UnitOfWork


@dataclass(frozen=True)
class DeviceIdentity:
    device_id: str
    region_id: str
    library_id: str
    branch_id: str
    role: str


def initialise(
    store: Store,
    *,
    region: str,
    library: str,
    branch: str,
    device_name: str,
    role: str,
    country: str = "LT",
) -> DeviceIdentity:
    """Give a new store its device id and create (or reuse) region, library and branch."""
    region_name = rules.clean_name("region", region)
    library_name = rules.clean_name("library", library)
    branch_name = rules.clean_name("branch", branch)
    name = rules.clean_name("device_name", device_name)
    device_role = rules.check_enum("role", Role, role)
    with store.uow() as uow:
        if read_meta(uow.connection, "device_id"):
            raise StoreError(N_("This store is already set up as a device."))
        device_id = new_id()
        write_meta(uow.connection, "device_id", device_id)
        store.identity.device_id = device_id
        capture.install_triggers(uow.connection, device_id)
        region_id = _find_or_add(
            uow, Region, name=region_name, code=region_name[:40], country=country.upper()[:2]
        )
        library_id = _find_or_add(uow, Library, name=library_name, region_id=region_id)
        branch_id = _find_or_add(uow, Branch, name=branch_name, library_id=library_id)
        uow.session.add(Device(id=device_id, branch_id=branch_id, name=name, role=device_role))
        for key, value in (
            ("role", device_role.value),
            ("region_id", region_id),
            ("library_id", library_id),
            ("branch_id", branch_id),
            ("device_name", name),
        ):
            write_meta(uow.connection, key, value)
        uow.commit()
    return DeviceIdentity(device_id, region_id, library_id, branch_id, device_role.value)


def identity(store: Store) -> DeviceIdentity:
    """The identity written at set-up."""
    with store.read() as conn:
        values = {
            k: read_meta(conn, k)
            for k in ("device_id", "region_id", "library_id", "branch_id", "role")
        }
    if not values["device_id"]:
        raise StoreError(N_("This store is not set up yet. Run “libtrainer init” first."))
    return DeviceIdentity(**{k: str(v) for k, v in values.items()})


def _find_or_add(uow: UnitOfWork, model: type[Place], **fields: str) -> str:
    """The place's natural-key id (docs/decisions/0005), added when missing: the same names
    typed on every device give the same region, library and branch ids."""
    return org.find_or_add(uow, model, Changed(), **fields)
