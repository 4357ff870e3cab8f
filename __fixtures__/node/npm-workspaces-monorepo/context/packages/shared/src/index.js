exports.greeting = 'hello from acme';
