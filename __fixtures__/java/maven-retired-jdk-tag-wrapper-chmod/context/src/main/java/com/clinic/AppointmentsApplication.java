package com.clinic;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class AppointmentsApplication {
  public static void main(String[] args) {
    SpringApplication.run(AppointmentsApplication.class, args);
  }
}
