require('@acme/private-sdk');
