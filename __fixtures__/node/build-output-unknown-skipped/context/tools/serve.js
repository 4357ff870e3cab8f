require('express')().use(require('express').static('www')).listen(8080);
