require('discord.js');
