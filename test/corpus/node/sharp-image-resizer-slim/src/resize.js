require('sharp');
