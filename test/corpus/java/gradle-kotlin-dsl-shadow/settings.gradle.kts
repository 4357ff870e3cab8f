rootProject.name = "ktor-app"
