import request from 'supertest';
import app from '../index';

test('lists orders', async () => {
  await request(app).get('/orders').expect(200);
});
