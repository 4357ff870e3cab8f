import express from 'express';
import { greeting } from '@acme/shared';

express().get('/', (_req, res) => res.send(greeting)).listen(4000);
