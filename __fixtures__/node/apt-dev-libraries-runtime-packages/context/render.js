const { createCanvas } = require('canvas');
const express = require('express');

express().get('/og.png', (req, res) => {
  const canvas = createCanvas(1200, 630);
  canvas.getContext('2d').fillText(req.query.title || '', 50, 100);
  res.type('png').send(canvas.toBuffer());
}).listen(3000);
