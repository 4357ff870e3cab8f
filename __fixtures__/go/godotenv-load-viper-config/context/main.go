package main

import (
	"log"
	"time"

	"github.com/joho/godotenv"
	"github.com/spf13/viper"
)

func main() {
	if err := godotenv.Load(); err != nil {
		log.Println("no .env file, using the environment")
	}
	viper.SetConfigName("worker")
	viper.AddConfigPath("./configs")
	viper.AutomaticEnv()
	if err := viper.ReadInConfig(); err != nil {
		log.Fatal(err)
	}
	for {
		log.Printf("polling %s", viper.GetString("queue.url"))
		time.Sleep(viper.GetDuration("queue.interval"))
	}
}
