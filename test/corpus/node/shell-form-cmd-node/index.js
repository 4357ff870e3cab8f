require('socket.io');
