import discord
