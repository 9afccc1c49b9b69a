/** Configuration conventions the runtime adds to every service (see {@code META-INF/microprofile-config.properties}). */
package com.carbon254.events.runtime.config;
