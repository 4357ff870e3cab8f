@main def run(): Unit = ()
