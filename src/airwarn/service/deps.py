"""FastAPI dependencies: the service state and the caller, checked for role and rate."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from airwarn.service.access import Principal, limit, require, resolve
from airwarn.service.state import ServiceState


def get_state(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.airwarn
    return state


State = Annotated[ServiceState, Depends(get_state)]


def caller(request: Request, state: State) -> Principal:
    """Any caller with a valid key (or anonymous public, if allowed), within its rate limit."""
    who = resolve(request, state.store, state.config)
    limit(state.buckets, who)
    return who


Caller = Annotated[Principal, Depends(caller)]


def operator(who: Caller) -> Principal:
    require(who, "operator")
    return who


def writer(who: Caller) -> Principal:
    require(who, "sensor", "operator")
    return who


Operator = Annotated[Principal, Depends(operator)]
Writer = Annotated[Principal, Depends(writer)]
