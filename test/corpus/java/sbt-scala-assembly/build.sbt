ThisBuild / scalaVersion := "3.4.1"
lazy val root = (project in file(".")).settings(name := "streamer")
