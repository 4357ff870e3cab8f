/**
 * Build contexts that trigger the warnings no fixture shows, for the warnings catalogue: each
 * README entry's example is one of these or a fixture. Each is the smallest context in which the
 * stack migrates and reports the warning.
 */
export const WARNING_EXAMPLES: Readonly<Record<string, { readonly files: Readonly<Record<string, string>> }>> = {
  'build-output': {
    files: {
      Dockerfile: "FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nRUN python manage.py collectstatic --noinput\nCMD [\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"mysite.wsgi\"]\n",
      "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
      "mysite/settings.py": "import os\nSTATIC_ROOT = os.environ['STATIC']\n",
      "mysite/wsgi.py": "x\n",
      "requirements.txt": "django==5.0\ngunicorn==22.0.0\n",
    },
  },
  'cache-mount': {
    files: {
      Dockerfile: "FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"app:app\"]\n",
      "app.py": "x\n",
      "requirements.txt": "flask==3.0.3\ngunicorn==22.0.0\n",
    },
  },
  dockerignore: {
    files: {
      Dockerfile: "FROM rust:1.79\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD [\"./target/release/stamp\"]\n",
      "Cargo.toml": "[package]\nname = \"stamp\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[build-dependencies]\nvergen-gitcl = \"1\"\n",
      "Cargo.lock": "version = 3\n",
      "build.rs": "fn main() {}\n",
      "src/main.rs": "fn main() {}\n",
    },
  },
  'https-certificate': {
    files: {
      Dockerfile: "FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /app\nCOPY . .\nRUN dotnet restore\nEXPOSE 5080\nCMD [\"dotnet\", \"run\"]\n",
      "Notes.csproj": "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n    <Nullable>enable</Nullable>\n    <ImplicitUsings>enable</ImplicitUsings>\n  </PropertyGroup>\n\n</Project>\n",
      "Program.cs": "var builder = WebApplication.CreateBuilder(args);\nvar app = builder.Build();\n\nvar pageSize = int.Parse(Environment.GetEnvironmentVariable(\"NOTES_PAGE_SIZE\") ?? \"10\");\nvar notes = Enumerable.Range(1, 100).Select(n => $\"note {n}\").ToList();\n\napp.MapGet(\"/notes\", (int page) => notes.Skip(page * pageSize).Take(pageSize));\napp.MapGet(\"/env\", (IWebHostEnvironment env) => env.EnvironmentName);\n\napp.Run();\n",
      "Properties/launchSettings.json": "{\n  \"profiles\": {\n    \"https\": {\n      \"commandName\": \"Project\",\n      \"applicationUrl\": \"https://0.0.0.0:7080;http://0.0.0.0:5080\",\n      \"environmentVariables\": {\n        \"ASPNETCORE_ENVIRONMENT\": \"Development\"\n      }\n    }\n  }\n}\n",
    },
  },
  listen: {
    files: {
      Dockerfile: "FROM mcr.microsoft.com/dotnet/sdk:6.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish Orders.csproj -c Release -o /app\nWORKDIR /app\nENTRYPOINT [\"dotnet\", \"Orders.dll\"]\n",
      "Orders.csproj": "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n\n  <PropertyGroup>\n    <TargetFramework>net6.0</TargetFramework>\n    <Nullable>enable</Nullable>\n    <ImplicitUsings>enable</ImplicitUsings>\n  </PropertyGroup>\n\n</Project>\n",
      "Program.cs": "var builder = WebApplication.CreateBuilder(args);\nvar app = builder.Build();\n\napp.MapGet(\"/\", () => \"Hello from the orders service\");\napp.MapGet(\"/orders/{id:int}\", (int id) => Results.Ok(new { id, status = \"shipped\" }));\n\napp.Run();\n",
    },
  },
  'privileged-port': {
    files: {
      Dockerfile: "FROM maven:3.9-eclipse-temurin-17\nWORKDIR /app\nCOPY pom.xml .\nCOPY src ./src\nRUN mvn -B package -DskipTests\nEXPOSE 80\nCMD [\"java\", \"-jar\", \"target/demo-0.0.1-SNAPSHOT.jar\"]\n",
      "pom.xml": "<?xml version=\"1.0\"?>\n<project><modelVersion>4.0.0</modelVersion><groupId>com.example</groupId><artifactId>demo</artifactId><version>0.0.1-SNAPSHOT</version><properties><java.version>17</java.version></properties><build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build></project>\n",
      "src/main/java/Demo.java": "class Demo {}\n",
    },
  },
  'prod-deps-only': {
    files: {
      Dockerfile: "FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD [\"npx\", \"ts-node\", \"src/index.ts\"]\n",
      "package-lock.json": "{\"name\":\"a\",\"lockfileVersion\":3,\"packages\":{}}",
      "package.json": "{\"name\":\"a\",\"dependencies\":{\"express\":\"^4\"},\"devDependencies\":{\"ts-node\":\"^10\",\"typescript\":\"^5\"}}",
      "src/index.ts": "x\n",
    },
  },
  'runtime-library': {
    files: {
      Dockerfile: "FROM python:3.12\nRUN apt-get update && apt-get install -y --no-install-recommends libfrobnicate-dev && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"app:app\"]\n",
      "app.py": "x\n",
      "requirements.txt": "flask==3.0.3\ngunicorn==22.0.0\n",
    },
  },
  'runtime-packages': {
    files: {
      Dockerfile: "FROM node:20\nRUN apt-get update && apt-get install -y --no-install-recommends libfrobnicate-dev && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD [\"node\", \"index.js\"]\n",
      "index.js": "x\n",
      "package-lock.json": "{\"name\":\"a\",\"lockfileVersion\":3,\"packages\":{}}",
      "package.json": "{\"name\":\"a\",\"dependencies\":{\"express\":\"^4\"}}",
    },
  },
  'tool-binary': {
    files: {
      Dockerfile: "FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go install github.com/pressly/goose/v3/cmd/goose@v3.20.0\nRUN go build -o /usr/local/bin/app .\nCMD [\"/usr/local/bin/app\"]\n",
      "go.mod": "module example.com/app\n\ngo 1.22\n",
      "go.sum": "",
      "main.go": "package main\nfunc main() {}\n",
    },
  },
  'unproven-step': {
    files: {
      Dockerfile: "FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN ./scripts/setup.sh\nRUN npm run build\nCMD [\"node\", \"dist/index.js\"]\n",
      "package-lock.json": "{\"name\":\"a\",\"lockfileVersion\":3,\"packages\":{}}",
      "package.json": "{\"name\":\"a\",\"scripts\":{\"build\":\"tsc\"},\"dependencies\":{\"express\":\"^4\"},\"devDependencies\":{\"typescript\":\"^5\"}}",
      "scripts/setup.sh": "#!/bin/sh\n",
      "tsconfig.json": "{\"compilerOptions\":{\"outDir\":\"dist\"}}",
    },
  },
};
