"""One module per channel type, each turning a Notice into the Messages that channel sends. Pure."""

from __future__ import annotations

from collections.abc import Callable

from ..channels import Channel, ChannelType
from ..messages import Message, Notice
from . import discord, mail, slack, statuspage, teams

Format = Callable[[Channel, Notice], list[Message]]

FORMATS: dict[ChannelType, Format] = {
    ChannelType.WEBHOOK: statuspage.render,
    ChannelType.SLACK: slack.render,
    ChannelType.TEAMS: teams.render,
    ChannelType.DISCORD: discord.render,
    ChannelType.EMAIL: mail.render,
}


def render(channel: Channel, notice: Notice) -> list[Message]:
    return FORMATS[channel.type](channel, notice)
