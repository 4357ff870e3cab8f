use Mojolicious::Lite;
app->start;
