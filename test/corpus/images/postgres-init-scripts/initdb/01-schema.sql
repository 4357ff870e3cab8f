create table items(id serial primary key);
