const maxmind = require('maxmind');
maxmind.open('GeoLite2-City.mmdb').then(() => require('node:http').createServer((req, res) => res.end('ok')).listen(3000));
