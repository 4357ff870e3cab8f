const { NestFactory } = require('@nestjs/core');
const { AppModule } = require('./app.module');

NestFactory.create(AppModule).then((app) => app.listen(Number(process.env.PORT ?? 3000)));
