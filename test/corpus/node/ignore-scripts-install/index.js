require('./lib');
