const nodemailer = require('nodemailer');
nodemailer.createTransport({ host: process.env.SMTP_HOST }).verify();
