require('express');
