"""Outlet profiles over HTTP: ``/api/outlets`` and ``/api/outlets/{name}`` (JSON, as
``tahqiq outlets --json`` and ``tahqiq outlet NAME --json``), the desk's renames and merges
(``POST /api/outlets/rename``, ``POST /api/outlets/merge``, token needed, stored with who and
when), and the pages ``/outlets`` and ``/outlets/{name}`` built from the same route functions.

An unknown outlet answers 404: JSON under ``/api``, the HTML 404 page elsewhere.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from pydantic import AfterValidator, BaseModel, Field

from tahqiq.outlets import OutletNotFound
from tahqiq.outlets.profile import MAX_NAME_CHARS
from tahqiq.records.serialize import to_dict
from tahqiq.server.pages import render
from tahqiq.server.routes import pool, read, write
from tahqiq.server.sanitize import check_text
from tahqiq.server.security import require_read

router = APIRouter(prefix="/api")
pages = APIRouter(include_in_schema=False, dependencies=[Depends(require_read)])

Name = Annotated[
    str, AfterValidator(lambda v: check_text(v, "the name")), Field(min_length=1, max_length=MAX_NAME_CHARS)
]


class RenameRequest(BaseModel):
    old: Name = Field(description="The outlet's name now.")
    new: Name = Field(description="The name the desk gives it.")
    by: Name = Field(description="Who renames it (kept with the change).")


class MergeRequest(BaseModel):
    name: Name = Field(description="A second name for the outlet, to be counted under ``into``.")
    into: Name = Field(description="The outlet's name that stays.")
    by: Name = Field(description="Who merges them (kept with the change).")


@router.get("/outlets", dependencies=read, summary="Every outlet, most articles first")
def list_outlets(request: Request) -> dict[str, Any]:
    found: dict[str, Any] = to_dict(pool(request).tahqiq().outlets())
    return found


@router.get("/outlets/changes", dependencies=read, summary="The desk's renames and merges, oldest first")
def outlet_changes(request: Request) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = to_dict(pool(request).tahqiq().outlet_name_changes())
    return found


@router.get(
    "/outlets/{name}", dependencies=read, summary="One outlet's profile, each figure with its articles"
)
def outlet_profile(request: Request, name: str) -> dict[str, Any]:
    try:
        found: dict[str, Any] = to_dict(pool(request).tahqiq().outlet(name))
    except OutletNotFound as exc:
        raise HTTPException(404, str(exc)) from None
    return found


@router.post("/outlets/rename", dependencies=write, status_code=201, summary="Rename an outlet")
def rename_outlet(request: Request, body: RenameRequest) -> dict[str, Any]:
    try:
        with pool(request).writing() as tq:
            change = tq.rename_outlet(body.old, body.new, by=body.by)
    except OutletNotFound as exc:
        raise HTTPException(404, str(exc)) from None
    found: dict[str, Any] = to_dict(change)
    return found


@router.post("/outlets/merge", dependencies=write, status_code=201, summary="Merge two names for one outlet")
def merge_outlets(request: Request, body: MergeRequest) -> dict[str, Any]:
    try:
        with pool(request).writing() as tq:
            change = tq.merge_outlets(body.name, body.into, by=body.by)
    except OutletNotFound as exc:
        raise HTTPException(404, str(exc)) from None
    found: dict[str, Any] = to_dict(change)
    return found


@pages.get("/outlets")
def outlets_page(request: Request) -> HTMLResponse:
    return render(request, "outlets.html", nav="/outlets", data=list_outlets(request))


@pages.get("/outlets/{name}")
def outlet_page(request: Request, name: str) -> HTMLResponse:
    return render(request, "outlet.html", nav="/outlets", p=outlet_profile(request, name))
