import { Pool } from 'pg';
// import { faker } from '@faker-js/faker';

export const pool = new Pool({ connectionString: process.env.DATABASE_URL });
