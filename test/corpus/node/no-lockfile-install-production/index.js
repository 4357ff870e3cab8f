require('axios');
