require('ws');
