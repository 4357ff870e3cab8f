const { Module } = require('@nestjs/common');
const { ConfigModule } = require('@nestjs/config');

class AppModule {}
Module({ imports: [ConfigModule.forRoot({ isGlobal: true })] })(AppModule);
module.exports = { AppModule };
