FROM nginx:1.27-alpine
COPY .env /etc/client.env
COPY public /usr/share/nginx/html
